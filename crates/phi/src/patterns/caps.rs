//! A match and its groups as the checks see them.

use regex_automata::util::captures::Captures;

/// A match of one capture group.
pub(super) struct Group<'t> {
    pub(super) hay: &'t str,
    pub(super) start: usize,
    pub(super) end: usize,
}

impl<'t> Group<'t> {
    pub(super) fn as_str(&self) -> &'t str {
        &self.hay[self.start..self.end]
    }
    pub(super) fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// A rule's match with its groups, as the checks read it.
pub(super) struct Caps<'t> {
    pub(super) hay: &'t str,
    pub(super) caps: &'t Captures,
    /// The rule's group names with their indices (see [`Rule::groups`]).
    pub(super) groups: &'t [(&'t str, usize)],
    /// Where "x" is when it was read off the match, not searched for (see [`Tail`]).
    pub(super) x: Option<(usize, usize)>,
}

impl<'t> Caps<'t> {
    pub(super) fn get(&self, i: usize) -> Option<Group<'t>> {
        self.caps.get_group(i).map(|s| Group { hay: self.hay, start: s.start, end: s.end })
    }
    pub(super) fn name(&self, name: &str) -> Option<Group<'t>> {
        if let Some((start, end)) = self.x.filter(|_| name == "x") {
            return Some(Group { hay: self.hay, start, end });
        }
        let &(_, i) = self.groups.iter().find(|(n, _)| *n == name)?;
        self.get(i)
    }
}
