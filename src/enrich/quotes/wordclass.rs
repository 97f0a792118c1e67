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
    pub fn is(self, class: Class) -> bool {
        self.classes & class.bits() != 0
    }

    /// True for a speech verb.
    pub fn is_verb(self) -> bool {
        self.verb
    }

    /// The kind of role the word names, if it is a role noun.
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
}
