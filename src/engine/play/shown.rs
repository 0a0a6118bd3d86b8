//! [`Shown`]: which of a node's beats were visible on entering, as positions in its list,
//! kept as bits (no allocation) for the nodes of up to 64 beats that every scenario has.

/// Beat positions in increasing order (compared with, and printed as, a list of them).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Shown {
    /// Bit `i` is beat `i`, for beats below 64.
    low: u64,
    /// Beats from 64 on, in order (empty for every bundled scenario).
    high: Vec<usize>,
}

impl Shown {
    pub fn new() -> Self {
        Shown::default()
    }

    /// Every beat of a node of `n` beats.
    pub fn all(n: usize) -> Self {
        let low = if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
        Shown {
            low,
            high: (64..n).collect(),
        }
    }

    /// Adds beat `i`; positions are added in increasing order.
    pub fn push(&mut self, i: usize) {
        if i < 64 {
            self.low |= 1 << i;
        } else {
            debug_assert!(self.high.last().is_none_or(|&l| l < i));
            self.high.push(i);
        }
    }

    pub fn len(&self) -> usize {
        self.low.count_ones() as usize + self.high.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The positions, in increasing order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            low: self.low,
            high: self.high.iter(),
        }
    }
}

/// The positions of a [`Shown`], in increasing order.
pub struct Iter<'a> {
    low: u64,
    high: std::slice::Iter<'a, usize>,
}

impl Iterator for Iter<'_> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        if self.low == 0 {
            return self.high.next().copied();
        }
        let i = self.low.trailing_zeros() as usize;
        self.low &= self.low - 1;
        Some(i)
    }
}

impl<'a> IntoIterator for &'a Shown {
    type Item = usize;
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl std::fmt::Debug for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq<[usize]> for Shown {
    fn eq(&self, other: &[usize]) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

impl<const N: usize> PartialEq<[usize; N]> for Shown {
    fn eq(&self, other: &[usize; N]) -> bool {
        *self == other[..]
    }
}

impl FromIterator<usize> for Shown {
    fn from_iter<I: IntoIterator<Item = usize>>(iter: I) -> Self {
        let mut s = Shown::new();
        iter.into_iter().for_each(|i| s.push(i));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::Shown;

    #[test]
    fn positions_come_back_in_order_below_and_above_64() {
        let s: Shown = [0, 3, 63, 64, 200].into_iter().collect();
        assert_eq!(s.iter().collect::<Vec<_>>(), [0, 3, 63, 64, 200]);
        assert_eq!(s.len(), 5);
        assert!(Shown::new().is_empty());
        assert_eq!(s, [0, 3, 63, 64, 200]);
        assert_ne!(s, [0, 3, 63, 64]);
        assert_eq!(format!("{s:?}"), "[0, 3, 63, 64, 200]");
        assert_eq!(Shown::all(3), [0, 1, 2]);
        assert_eq!(Shown::all(0), []);
        assert_eq!(
            Shown::all(66).iter().collect::<Vec<_>>(),
            (0..66).collect::<Vec<_>>()
        );
        assert_eq!(Shown::new().iter().count(), 0);
    }
}
