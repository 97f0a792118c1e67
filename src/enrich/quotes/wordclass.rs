//! What the language's data says about one word, looked up once.
//!
//! The attribution stages ask many questions about the same token (is it a
//! speech verb, an auxiliary, a pronoun, a role noun?). A [`WordClass`] holds
//! every answer, so that a token's word is looked up once per article
//! ([`Rules::word`]) rather than once per question.
//!
//! [`Rules::word`]: super::lexicon::Rules::word

use super::lexicon::{Class, Kind};

/// Everything the data says about one lowercase word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordClass {
    /// Bits of the one-word [`Class`]es the word belongs to.
    pub(super) classes: u32,
    /// A speech verb.
    pub(super) verb: bool,
    /// A role noun, by itself or by its suffix.
    pub(super) role: Option<Kind>,
    /// A word inside names (`de`, `von`).
    pub(super) particle: bool,
    /// The first word of a multi-word phrase of some class.
    pub(super) phrase: bool,
    /// A demonym or nationality adjective (`Spaniard`, `russo`).
    pub(super) demonym: bool,
}

impl WordClass {
    /// True when the word belongs to `class` as a one-word entry.
    #[inline]
    pub fn is(self, class: Class) -> bool {
        self.classes & class.bits() != 0
    }

    /// True for a speech verb.
    #[inline]
    pub fn is_verb(self) -> bool {
        self.verb
    }

    /// The kind of role the word names, if it is a role noun.
    #[inline]
    pub fn role(self) -> Option<Kind> {
        self.role
    }

    /// The kind a pronoun refers to.
    pub fn pronoun(self) -> Option<Kind> {
        if self.is(Class::PRONOUN_PERSON) {
            Some(Kind::Person)
        } else if self.is(Class::PRONOUN_ORGANIZATION) {
            Some(Kind::Organization)
        } else if self.is(Class::PRONOUN_ANY) {
            Some(Kind::Any)
        } else {
            None
        }
    }

    /// True for a demonym or nationality adjective.
    pub fn is_demonym(self) -> bool {
        self.demonym
    }

    /// True when the word may stand inside a name.
    #[inline]
    pub fn is_particle(self) -> bool {
        self.particle
    }

    /// True when a phrase or one-word entry of `class` may start with the
    /// word: [`Rules::phrase_at`] finds nothing where this is false.
    ///
    /// [`Rules::phrase_at`]: super::lexicon::Rules::phrase_at
    pub fn may_open(self, class: Class) -> bool {
        self.phrase || self.is(class)
    }

    /// The class in 32 bits, never 0 (the [`Layout`] caches one per token).
    ///
    /// [`Layout`]: super::layout::Layout
    pub(super) fn pack(self) -> u32 {
        let role = match self.role {
            None => 0,
            Some(Kind::Person) => 1,
            Some(Kind::Organization) => 2,
            Some(Kind::Any) => 3,
        };
        debug_assert_eq!(self.classes & !CLASS_MASK, 0);
        PACKED
            | self.classes
            | u32::from(self.verb) << VERB
            | u32::from(self.particle) << PARTICLE
            | u32::from(self.phrase) << PHRASE
            | u32::from(self.demonym) << DEMONYM
            | role << ROLE
    }

    /// The class [`WordClass::pack`] packed into `bits`.
    #[inline]
    pub(super) fn unpack(bits: u32) -> WordClass {
        WordClass {
            classes: bits & CLASS_MASK,
            verb: bits >> VERB & 1 != 0,
            particle: bits >> PARTICLE & 1 != 0,
            phrase: bits >> PHRASE & 1 != 0,
            demonym: bits >> DEMONYM & 1 != 0,
            role: match bits >> ROLE & 3 {
                0 => None,
                1 => Some(Kind::Person),
                2 => Some(Kind::Organization),
                _ => Some(Kind::Any),
            },
        }
    }
}

/// The bits of the one-word classes in a packed class.
const CLASS_MASK: u32 = (1 << 24) - 1;
const _: () = assert!(
    Class::ALL.bits() & !CLASS_MASK == 0,
    "classes fit in 24 bits"
);
/// Where the flags and the role sit in a packed class.
const VERB: u32 = 24;
const PARTICLE: u32 = 25;
const PHRASE: u32 = 26;
const ROLE: u32 = 27;
const DEMONYM: u32 = 29;
/// Set in every packed class, so that 0 means "not looked up yet".
const PACKED: u32 = 1 << 31;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_class_survives_packing() {
        let roles = [
            None,
            Some(Kind::Person),
            Some(Kind::Organization),
            Some(Kind::Any),
        ];
        for (i, role) in roles.into_iter().enumerate() {
            let c = WordClass {
                classes: Class::REPORTED.or(Class::AUXILIARY).bits() >> (i % 2),
                verb: i % 2 == 0,
                role,
                particle: i >= 2,
                phrase: i == 1,
                demonym: i == 3,
            };
            assert_ne!(c.pack(), 0);
            assert_eq!(WordClass::unpack(c.pack()), c);
        }
        assert_eq!(
            WordClass::unpack(WordClass::default().pack()),
            WordClass::default()
        );
    }
}
