//! Within-document coreference: which mentions name the same thing.
//!
//! Mentions are taken longest first, so that a full name exists before its
//! parts are placed. A mention joins an entity when
//!
//! - it is written the same (folded) and its type agrees, or it is weak;
//! - its words are a contiguous part of a longer mention's words (`Putin` of
//!   `Vladimir Putin`, `Jong Un` of `Kim Jong-un`, `Von der Leyen` of `Ursula
//!   von der Leyen`; initials such as `V.` are skipped), unless the gazetteer
//!   knows it as something else on its own (`Madrid` does not join `Metro de
//!   Madrid`; a small town such as `Kim` may still join a person);
//! - it is an acronym of an entity's name (`BoE` … `Bank of England`) or
//!   stands in brackets right after it (`Istituto nazionale … (Infn)`);
//! - the gazetteer gives both the same canonical name (`U.N.`, `United Nations`).
//!
//! When a part fits several entities (`Giuseppe` with two Giuseppes), the one
//! mentioned last before it wins, else the first after it. The entity's type
//! is its strongest mention's; its `name` is its fullest mention.
//!
//! # Cost
//!
//! Nothing compares a mention with every entity. As mentions are placed,
//! three hash indexes grow: folded name → the (entity, type, strength,
//! gazetteer name) signatures written so; every run of up to
//! [`MAX_PART_WORDS`] words of a placed name → the entities holding it; the
//! initials of every placed name → the entities they abbreviate. Placing a
//! mention is a few probes, and each entity keeps its members in a sorted
//! list, so "mentioned last before" is a binary search (mentions are placed
//! longest first, then in text order, so a member is mostly appended). An index entry holds at
//! most [`MAX_HOSTS`] entities: a part shared by more (a surname carried by
//! dozens of people) only joins the first of them. The whole pass is
//! O(n log n) in the number of mentions, whatever the text.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use super::typing::Strength;
use crate::enrich::document::Span;
use crate::enrich::gazetteer::{Candidate as Entry, Kind};
use crate::enrich::output::EntityKind;

/// Longest run of words indexed as a part of a longer name.
pub const MAX_PART_WORDS: usize = 6;

/// Most entities one index entry lists.
pub const MAX_HOSTS: usize = 32;

/// A typed mention ready for clustering.
#[derive(Debug, Clone)]
pub struct Mention<'a> {
    /// Where it is.
    pub span: Span,
    /// The text as written (normalised).
    pub text: &'a str,
    /// Folded words joined by single spaces, initials left out (`vladimir
    /// putin` for `Vladimir V. Putin`).
    pub key: String,
    /// Number of words in `key`.
    pub words: usize,
    /// Person, organisation or place.
    pub kind: EntityKind,
    /// How sure its type is.
    pub strength: Strength,
    /// Its gazetteer entry.
    pub entry: Option<&'a Entry>,
    /// Written in capitals or with dots (`NATO`, `U.S.`), or short enough to
    /// be an acronym.
    pub acronym: bool,
    /// Index of the mention it stands in brackets after (`X (Y)`).
    pub bracketed_after: Option<usize>,
    /// Right after an article (`El Dortmund`): a place's name so written
    /// may stand for a team or company named after it.
    pub after_article: bool,
}

impl Mention<'_> {
    /// The folded words.
    pub fn parts(&self) -> std::str::Split<'_, char> {
        self.key.split(' ')
    }
}

/// One cluster of mentions.
#[derive(Debug, Clone)]
pub struct Cluster {
    /// Mention indices, in text order.
    pub members: Vec<usize>,
    /// The entity's type.
    pub kind: EntityKind,
}

/// A cluster while mentions are being placed.
#[derive(Debug)]
struct Building<'a> {
    /// Mention indices, sorted.
    members: Vec<usize>,
    kind: EntityKind,
    strongest: Strength,
    /// The gazetteer name of the first member placed that has one.
    canon: Option<(&'a str, EntityKind)>,
}

/// What a "same words" match needs to know of a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Same<'a> {
    cluster: usize,
    kind: EntityKind,
    strong: bool,
    canonical: Option<&'a str>,
}

type Map<K, V> = HashMap<K, V, FixedState>;

struct Index<'m> {
    same: Map<&'m str, Few<Same<'m>>>,
    parts: Map<&'m str, Few<usize>>,
    /// Only kept when some mention may be an acronym.
    acronyms: Option<Map<String, Few<usize>>>,
    /// Word boundaries of the mention being added.
    bounds: Vec<(usize, usize)>,
}

/// A list that holds its first item without allocating: most index
/// entries only ever hold one.
#[derive(Debug)]
enum Few<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> Default for Few<T> {
    fn default() -> Self {
        Few::Many(Vec::new())
    }
}

impl<T: Copy> Few<T> {
    fn as_slice(&self) -> &[T] {
        match self {
            Few::One(x) => std::slice::from_ref(x),
            Few::Many(v) => v,
        }
    }

    fn push(&mut self, x: T) {
        match self {
            Few::One(a) => {
                let a = *a;
                *self = Few::Many(vec![a, x]);
            }
            Few::Many(v) if !v.is_empty() => v.push(x),
            Few::Many(_) => *self = Few::One(x),
        }
    }
}

fn add_host(list: &mut Few<usize>, c: usize) {
    if list.as_slice().len() < MAX_HOSTS && !list.as_slice().contains(&c) {
        list.push(c);
    }
}

/// Byte ranges of the words of `key`.
fn word_bounds(key: &str, out: &mut Vec<(usize, usize)>) {
    out.clear();
    let mut at = 0;
    for (i, &b) in key.as_bytes().iter().enumerate() {
        if b == b' ' {
            out.push((at, i));
            at = i + 1;
        }
    }
    out.push((at, key.len()));
}

/// The first letters of `key`'s words, skipping those `skip` says.
fn initials(key: &str, skip: impl Fn(&str) -> bool) -> String {
    key.split(' ')
        .filter(|p| !skip(p))
        .filter_map(|p| p.chars().next())
        .collect()
}

/// May mention `me` join a longer name as its acronym?
fn acronym_like(me: &Mention) -> bool {
    me.acronym && me.words == 1 && me.entry.is_none()
}

impl<'m> Index<'m> {
    fn new(mentions: &[Mention]) -> Self {
        let n = mentions.len();
        Index {
            same: Map::with_capacity_and_hasher(n, FixedState::default()),
            parts: Map::with_capacity_and_hasher(n, FixedState::default()),
            acronyms: mentions
                .iter()
                .any(acronym_like)
                .then(|| Map::with_capacity_and_hasher(n, FixedState::default())),
            bounds: Vec::new(),
        }
    }

    /// Records mention `me`, now in cluster `c`.
    fn add(&mut self, me: &'m Mention<'m>, c: usize, particle: &impl Fn(&str) -> bool) {
        let sig = Same {
            cluster: c,
            kind: me.kind,
            strong: me.strength == Strength::Strong,
            canonical: me.entry.map(|e| e.canonical),
        };
        let list = self.same.entry(me.key.as_str()).or_default();
        if !list.as_slice().contains(&sig) {
            list.push(sig);
        }
        let n = me.words;
        if n < 2 {
            return;
        }
        word_bounds(&me.key, &mut self.bounds);
        for len in 1..n.min(MAX_PART_WORDS + 1) {
            for b in 0..=n - len {
                let part = &me.key[self.bounds[b].0..self.bounds[b + len - 1].1];
                add_host(self.parts.entry(part).or_default(), c);
            }
        }
        if let Some(acronyms) = &mut self.acronyms {
            for skip_particles in [false, true] {
                let letters = initials(&me.key, |w| skip_particles && particle(w));
                if letters.chars().count() >= 2 {
                    add_host(acronyms.entry(letters).or_default(), c);
                }
            }
        }
    }
}

/// Groups `mentions` (in text order) into entities, in order of first
/// mention. `particle` tells the lowercase words names hold (`of`, `de`).
pub fn cluster<'a>(mentions: &[Mention<'a>], particle: impl Fn(&str) -> bool) -> Vec<Cluster> {
    let n = mentions.len();
    let mut order: Vec<usize> = (0..n).collect();
    // Of mentions as long, one in brackets after a longer name (placed
    // already) goes first: it joins that name, and the same words elsewhere
    // (a headline's `Copom` before `Comitê de Política Monetária (Copom)`)
    // then join it there.
    let after_longer = |i: usize| {
        mentions[i]
            .bracketed_after
            .is_some_and(|b| mentions[b].words > mentions[i].words)
    };
    order.sort_by_key(|&i| (std::cmp::Reverse(mentions[i].words), !after_longer(i), i));
    let mut of: Vec<Option<usize>> = vec![None; n];
    let mut clusters: Vec<Building<'a>> = Vec::with_capacity(n);
    let mut index = Index::new(mentions);
    for &m in &order {
        let me = &mentions[m];
        // A place's name joined to an organisation after an article (`o
        // Santos` … `Santos Futebol Clube`) lends it neither its gazetteer
        // name nor its spelling: `em Santos`, the city, stays apart.
        let mut foreign = false;
        let c = match place(m, mentions, &of, &clusters, &index) {
            Some((c, same)) => {
                let b = &mut clusters[c];
                if same && me.strength > b.strongest {
                    b.kind = me.kind;
                }
                foreign = !same && me.after_article && me.kind != b.kind;
                c
            }
            None => {
                clusters.push(Building {
                    // Room for a few members without growing.
                    members: Vec::with_capacity(4),
                    kind: me.kind,
                    strongest: me.strength,
                    canon: None,
                });
                clusters.len() - 1
            }
        };
        let b = &mut clusters[c];
        // Mentions are placed longest first, then in text order: `m` mostly
        // goes last.
        let at = b.members.partition_point(|&x| x < m);
        b.members.insert(at, m);
        of[m] = Some(c);
        if foreign {
            continue;
        }
        b.strongest = b.strongest.max(me.strength);
        if b.canon.is_none() {
            b.canon = me.entry.map(|e| (e.canonical, e.kind.entity_kind()));
        }
        index.add(me, c, &particle);
    }
    let mut out = merge_by_canonical(clusters);
    out.sort_by_key(|c| c.members[0]);
    out
}

/// The cluster mention `m` joins, if any, and whether it joined by the same
/// words.
fn place(
    m: usize,
    mentions: &[Mention],
    of: &[Option<usize>],
    clusters: &[Building],
    index: &Index,
) -> Option<(usize, bool)> {
    let me = &mentions[m];
    // Brackets after a name: an alias or acronym of it.
    if let Some(b) = me.bracketed_after {
        if let Some(c) = of[b] {
            // An acronym whose letters are the name's initials, in order,
            // joins even if the gazetteer knows it as something else
            // (`Confederação do Comércio e Serviços de Portugal (CCP)`).
            // So does a short word in title case that spells the name by
            // the first letters of its words (`Agenzia italiana del
            // farmaco (Aifa)`): Italian and Spanish write acronyms so.
            let abbreviates = (me.acronym && is_initials_of(&me.key, &mentions[b].key))
                || (me.words == 1 && spells(&me.key, &mentions[b].key));
            if me.words == 1
                && clusters[c].kind != EntityKind::Person
                && (me.entry.is_none() || abbreviates)
            {
                return Some((c, false));
            }
        }
    }
    // The same words.
    let me_strong = me.strength == Strength::Strong;
    let canonical = me.entry.map(|e| e.canonical);
    let same = index.same.get(me.key.as_str()).and_then(|list| {
        list.as_slice()
            .iter()
            .filter(|o| {
                (o.kind == me.kind || !me_strong || !o.strong)
                    && (o.canonical.is_none() || canonical.is_none() || o.canonical == canonical)
            })
            .map(|o| o.cluster)
            .min()
    });
    if let Some(c) = same {
        return Some((c, true));
    }
    // A part of a longer name (indexed parts are always shorter than the
    // name they come from, as `same` took equal ones).
    if let Some(hosts) = index.parts.get(me.key.as_str()) {
        let ok = |c: &usize| may_join_by_part(me, clusters[*c].kind);
        if let Some(c) = nearest(m, hosts.as_slice().iter().copied().filter(ok), clusters) {
            return Some((c, false));
        }
    }
    // An acronym of a longer name.
    if acronym_like(me) {
        let letters: String = me.key.chars().filter(|c| c.is_alphanumeric()).collect();
        if letters.chars().count() >= 2 {
            let hosts = index.acronyms.as_ref()?.get(&letters)?;
            let ok = |c: &usize| clusters[*c].kind != EntityKind::Person;
            let hosts = hosts.as_slice().iter().copied().filter(ok);
            return nearest(m, hosts, clusters).map(|c| (c, false));
        }
    }
    None
}

/// True when the letters of `acronym` (folded) are, in order, first letters
/// of words of `name`, the first letter being the name's first.
pub fn is_initials_of(acronym: &str, name: &str) -> bool {
    let letters: Vec<char> = acronym.chars().filter(|c| c.is_alphanumeric()).collect();
    if letters.len() < 2 {
        return false;
    }
    let firsts: Vec<char> = name.split(' ').filter_map(|w| w.chars().next()).collect();
    if firsts.first() != letters.first() {
        return false;
    }
    let mut it = firsts.iter();
    letters.iter().all(|l| it.any(|f| f == l))
}

/// True when `short` (folded, 3 to 6 letters) is made of the beginnings of
/// words of `name`, in order, the first from its first word: `aifa` of
/// `agenzia italiana del farmaco`, `istat` of `istituto nazionale di
/// statistica`.
pub fn spells(short: &str, name: &str) -> bool {
    fn go(a: &[char], words: &[Vec<char>], first: bool) -> bool {
        let Some((w, rest)) = words.split_first() else {
            return a.is_empty();
        };
        if a.is_empty() {
            return true;
        }
        let common = w.iter().zip(a).take_while(|(x, y)| x == y).count();
        (1..=common).rev().any(|k| go(&a[k..], rest, false)) || (!first && go(a, rest, false))
    }
    let a: Vec<char> = short.chars().collect();
    if !(3..=6).contains(&a.len()) || !a.iter().all(|c| c.is_alphanumeric()) {
        return false;
    }
    let words: Vec<Vec<char>> = name
        .split(' ')
        .take(12)
        .map(|w| w.chars().collect())
        .collect();
    words.len() >= 2 && go(&a, &words, true)
}

/// May a mention that is part of a longer name of type `host` join it?
fn may_join_by_part(me: &Mention, host: EntityKind) -> bool {
    // `El Dortmund` after `Borussia Dortmund`: a place's name after an
    // article stands for the organisation named after it.
    // Countries and regions take articles in most of the languages (`la
    // Francia`), cities seldom do.
    if me.after_article
        && host == EntityKind::Organization
        && me.words == 1
        && me.entry.is_none_or(|e| e.kind == Kind::City)
    {
        return true;
    }
    match me.entry {
        // Known on its own as something else: only a place that is no
        // country may be a person's name too (`Kim`, `Green`, `Parisi`).
        Some(e) => {
            // A surname the gazetteer knows of someone else may still be
            // this article's person's (`de Moraes` after `Rodrigo
            // Albuquerque de Moraes`).
            (e.kind.entity_kind() == host && (me.words > 1 || host == EntityKind::Person))
                || (host == EntityKind::Person
                    && e.kind.is_place()
                    && !matches!(e.kind, Kind::Country | Kind::Continent))
        }
        // A lone word put as a place by its context, no article before it
        // (`in Oberstdorf`), is the town an organisation is named after,
        // not the organisation (`Skiclub Oberstdorf`; but `al Gaslini`).
        None if me.kind == EntityKind::Location
            && me.strength == Strength::Context
            && !me.after_article
            && host == EntityKind::Organization =>
        {
            false
        }
        None => me.strength < Strength::Strong || me.kind == host,
    }
}

/// Of the candidate clusters, the one mentioned last before `m`, else the
/// first mentioned after it.
fn nearest(
    m: usize,
    hosts: impl Iterator<Item = usize> + Clone,
    clusters: &[Building],
) -> Option<usize> {
    let before = hosts
        .clone()
        .filter_map(|c| {
            let members = &clusters[c].members;
            let last = members[..members.partition_point(|&x| x < m)].last()?;
            Some((*last, c))
        })
        .max();
    before.map(|(_, c)| c).or_else(|| {
        hosts
            .map(|c| (clusters[c].members.first().copied(), c))
            .min()
            .map(|(_, c)| c)
    })
}

/// Merges clusters whose mentions the gazetteer gives one canonical name,
/// into the first of them.
fn merge_by_canonical(clusters: Vec<Building>) -> Vec<Cluster> {
    let mut out: Vec<Cluster> = Vec::with_capacity(clusters.len());
    let mut first: Map<(&str, EntityKind, EntityKind), usize> =
        Map::with_capacity_and_hasher(clusters.len(), FixedState::default());
    for b in clusters {
        if let Some((canonical, entry_kind)) = b.canon {
            if let Some(&i) = first.get(&(canonical, entry_kind, b.kind)) {
                out[i].members.extend(b.members);
                continue;
            }
            first.insert((canonical, entry_kind, b.kind), out.len());
        }
        out.push(Cluster {
            members: b.members,
            kind: b.kind,
        });
    }
    for c in &mut out {
        c.members.sort_unstable();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::document::Field;

    fn mention(at: usize, text: &str, kind: EntityKind, strength: Strength) -> Mention<'_> {
        let key = crate::enrich::gazetteer::fold(text);
        Mention {
            span: Span::new(Field::Body, at, at + text.len()),
            text,
            words: key.split(' ').count(),
            key,
            kind,
            strength,
            entry: None,
            acronym: text.chars().all(|c| c.is_uppercase()),
            bracketed_after: None,
            after_article: false,
        }
    }

    fn groups<'a>(ms: &[Mention<'a>]) -> Vec<Vec<&'a str>> {
        cluster(ms, |w| w == "of")
            .into_iter()
            .map(|c| c.members.iter().map(|&m| ms[m].text).collect())
            .collect()
    }

    #[test]
    fn parts_join_the_nearest_full_name_before_them() {
        use EntityKind::Person;
        let ms = [
            mention(0, "Mario Rossi", Person, Strength::MakeUp),
            mention(20, "Luca Rossi", Person, Strength::MakeUp),
            mention(40, "Rossi", Person, Strength::Weak),
            mention(60, "Mario", Person, Strength::Weak),
        ];
        assert_eq!(
            groups(&ms),
            [vec!["Mario Rossi", "Mario"], vec!["Luca Rossi", "Rossi"]]
        );
    }

    #[test]
    fn acronyms_join_their_expansion() {
        use EntityKind::Organization;
        let ms = [
            mention(0, "Bank of England", Organization, Strength::Strong),
            mention(30, "BoE", Organization, Strength::Weak),
            mention(40, "BE", Organization, Strength::Weak),
        ];
        let mut ms = ms;
        ms[1].acronym = true;
        assert_eq!(groups(&ms), [vec!["Bank of England", "BoE", "BE"]]);
    }

    #[test]
    fn acronyms_are_initials_in_order() {
        assert!(is_initials_of(
            "ccp",
            "confederacao do comercio e servicos de portugal"
        ));
        assert!(is_initials_of("boe", "bank of england"));
        assert!(!is_initials_of("pcc", "confederacao do comercio"));
        assert!(!is_initials_of("c", "confederacao"));
        assert!(spells("aifa", "agenzia italiana del farmaco"));
        assert!(spells("istat", "istituto nazionale di statistica"));
        assert!(spells("boe", "bank of england"));
        assert!(!spells("aifa", "agenzia delle entrate"));
        assert!(!spells("roma", "agenzia italiana del farmaco"));
        assert!(!spells("ai", "agenzia italiana"));
        assert!(!spells("aifa", "aifa"));
    }

    #[test]
    fn strong_mentions_of_other_types_stay_apart() {
        let ms = [
            mention(0, "Georgia", EntityKind::Location, Strength::Strong),
            mention(20, "Georgia", EntityKind::Person, Strength::Strong),
            mention(40, "Georgia", EntityKind::Organization, Strength::Weak),
        ];
        assert_eq!(groups(&ms), [vec!["Georgia", "Georgia"], vec!["Georgia"]]);
    }

    #[test]
    fn many_mentions_cluster_in_near_linear_time() {
        let names: Vec<String> = (0..20_000).map(|i| format!("Name{i} Rossi")).collect();
        let mut ms = Vec::new();
        for (i, n) in names.iter().enumerate() {
            ms.push(mention(i * 40, n, EntityKind::Person, Strength::MakeUp));
            ms.push(mention(
                i * 40 + 20,
                "Rossi",
                EntityKind::Person,
                Strength::Weak,
            ));
        }
        let t = std::time::Instant::now();
        let c = cluster(&ms, |_| false);
        assert_eq!(c.len(), 20_000);
        // Quadratic would be 4·10^8 steps; this is well under a second even
        // in a debug build.
        assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
    }
}
