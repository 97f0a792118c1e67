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

use super::typing::Strength;
use crate::enrich::document::Span;
use crate::enrich::gazetteer::{Candidate as Entry, Kind};
use crate::enrich::output::EntityKind;

/// A typed mention ready for clustering.
#[derive(Debug, Clone)]
pub struct Mention<'a> {
    /// Where it is.
    pub span: Span,
    /// The text as written (normalised).
    pub text: String,
    /// Folded words, initials left out.
    pub parts: Vec<String>,
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
}

/// One cluster of mentions.
#[derive(Debug, Clone)]
pub struct Cluster {
    /// Mention indices, in text order.
    pub members: Vec<usize>,
    /// The entity's type.
    pub kind: EntityKind,
}

fn contains(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && needle.len() < hay.len() && hay.windows(needle.len()).any(|w| w == needle)
}

fn initials(parts: &[String], skip: impl Fn(&str) -> bool) -> String {
    parts
        .iter()
        .filter(|p| !skip(p))
        .flat_map(|p| p.split(' '))
        .filter_map(|p| p.chars().next())
        .collect()
}

/// Groups `mentions` (in text order) into entities, in order of first
/// mention. `particle` tells the lowercase words names hold (`of`, `de`).
pub fn cluster(mentions: &[Mention], particle: impl Fn(&str) -> bool) -> Vec<Cluster> {
    let n = mentions.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(mentions[i].parts.len()), i));
    let mut of: Vec<Option<usize>> = vec![None; n];
    let mut clusters: Vec<Cluster> = Vec::new();
    for &m in &order {
        let c = place(m, mentions, &of, &clusters, &particle);
        match c {
            Some((c, same)) => {
                let strongest = clusters[c]
                    .members
                    .iter()
                    .map(|&o| mentions[o].strength)
                    .max()
                    .unwrap_or(Strength::Weak);
                if same && mentions[m].strength > strongest {
                    clusters[c].kind = mentions[m].kind;
                }
                clusters[c].members.push(m);
                of[m] = Some(c);
            }
            None => {
                of[m] = Some(clusters.len());
                clusters.push(Cluster {
                    members: vec![m],
                    kind: mentions[m].kind,
                });
            }
        }
    }
    merge_by_canonical(mentions, &mut clusters);
    for c in &mut clusters {
        c.members.sort_unstable();
    }
    clusters.sort_by_key(|c| c.members[0]);
    clusters
}

/// The cluster mention `m` joins, if any.
fn place(
    m: usize,
    mentions: &[Mention],
    of: &[Option<usize>],
    clusters: &[Cluster],
    particle: &impl Fn(&str) -> bool,
) -> Option<(usize, bool)> {
    let me = &mentions[m];
    // Brackets after a name: an alias or acronym of it.
    if let Some(b) = me.bracketed_after {
        if let Some(c) = of[b] {
            if me.parts.len() == 1 && clusters[c].kind != EntityKind::Person && me.entry.is_none() {
                return Some((c, false));
            }
        }
    }
    // The same words.
    let same = clusters.iter().position(|c| {
        c.members.iter().any(|&o| {
            let other = &mentions[o];
            other.parts == me.parts
                && (other.kind == me.kind
                    || me.strength < Strength::Strong
                    || other.strength < Strength::Strong)
                && same_entry(me.entry, other.entry)
        })
    });
    if let Some(c) = same {
        return Some((c, true));
    }
    // A part of a longer name.
    let hosts: Vec<usize> = (0..clusters.len())
        .filter(|&c| {
            clusters[c]
                .members
                .iter()
                .any(|&o| contains(&mentions[o].parts, &me.parts))
                && may_join_by_part(me, clusters[c].kind)
        })
        .collect();
    if let Some(c) = nearest(m, &hosts, clusters) {
        return Some((c, false));
    }
    // An acronym of a longer name.
    if me.acronym && me.parts.len() == 1 && me.entry.is_none() {
        let letters: String = me.parts[0]
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        if letters.chars().count() >= 2 {
            let hosts: Vec<usize> = (0..clusters.len())
                .filter(|&c| {
                    clusters[c].kind != EntityKind::Person
                        && clusters[c].members.iter().any(|&o| {
                            let p = &mentions[o].parts;
                            p.len() >= 2
                                && (initials(p, |_| false) == letters
                                    || initials(p, |w| particle(w)) == letters)
                        })
                })
                .collect();
            return nearest(m, &hosts, clusters).map(|c| (c, false));
        }
    }
    None
}

fn same_entry(a: Option<&Entry>, b: Option<&Entry>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.canonical == b.canonical,
        _ => true,
    }
}

/// May a mention that is part of a longer name of type `host` join it?
fn may_join_by_part(me: &Mention, host: EntityKind) -> bool {
    match me.entry {
        // Known on its own as something else: only a place that is no
        // country may be a person's name too (`Kim`, `Green`, `Parisi`).
        Some(e) => {
            (e.kind.entity_kind() == host && me.parts.len() > 1)
                || (host == EntityKind::Person
                    && e.kind.is_place()
                    && !matches!(e.kind, Kind::Country | Kind::Continent))
        }
        None => me.strength < Strength::Strong || me.kind == host,
    }
}

/// Of the candidate clusters, the one mentioned last before `m`, else the
/// first mentioned after it.
fn nearest(m: usize, hosts: &[usize], clusters: &[Cluster]) -> Option<usize> {
    match hosts {
        [] => None,
        [one] => Some(*one),
        _ => {
            let before = hosts
                .iter()
                .filter_map(|&c| {
                    let last = clusters[c].members.iter().filter(|&&o| o < m).max()?;
                    Some((*last, c))
                })
                .max();
            before.map(|(_, c)| c).or_else(|| {
                hosts
                    .iter()
                    .map(|&c| (clusters[c].members.iter().min().copied(), c))
                    .min()
                    .map(|(_, c)| c)
            })
        }
    }
}

/// Merges clusters whose mentions the gazetteer gives one canonical name.
fn merge_by_canonical(mentions: &[Mention], clusters: &mut Vec<Cluster>) {
    let canon = |c: &Cluster| {
        c.members.iter().find_map(|&m| {
            mentions[m]
                .entry
                .map(|e| (e.canonical, e.kind.entity_kind()))
        })
    };
    let mut i = 0;
    while i < clusters.len() {
        let Some(ci) = canon(&clusters[i]) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < clusters.len() {
            if canon(&clusters[j]) == Some(ci) && clusters[j].kind == clusters[i].kind {
                let moved = clusters.remove(j);
                clusters[i].members.extend(moved.members);
            } else {
                j += 1;
            }
        }
        i += 1;
    }
}
