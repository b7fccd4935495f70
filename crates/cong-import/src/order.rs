//! Parents before children, for categories and comment threads, in linear time.

use std::collections::HashMap;

/// Reorders `items` so each comes after its parent, keeping subtrees together and siblings in
/// their original order. An item whose parent is missing, itself, or part of a cycle is made a
/// root with `make_root` rather than dropped.
pub(crate) fn parents_first<T>(
    items: Vec<T>,
    key: impl Fn(&T) -> String,
    parent: impl Fn(&T) -> Option<String>,
    mut make_root: impl FnMut(&mut T),
) -> Vec<T> {
    let n = items.len();
    let keys: Vec<String> = items.iter().map(&key).collect();
    let index: HashMap<&str, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    let mut orphan = vec![false; n];
    for (i, it) in items.iter().enumerate() {
        match parent(it) {
            None => roots.push(i),
            Some(p) => match index.get(p.as_str()) {
                Some(&pi) if pi != i => children[pi].push(i),
                _ => {
                    orphan[i] = true;
                    roots.push(i);
                }
            },
        }
    }
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    let visit = |start: usize, order: &mut Vec<usize>, seen: &mut Vec<bool>| {
        let mut stack = vec![start];
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            order.push(i);
            stack.extend(children[i].iter().rev());
        }
    };
    for r in roots {
        visit(r, &mut order, &mut seen);
    }
    for i in 0..n {
        if !seen[i] {
            orphan[i] = true;
            visit(i, &mut order, &mut seen);
        }
    }
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|i| {
            let mut it = slots[i].take()?;
            if orphan[i] {
                make_root(&mut it);
            }
            Some(it)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_trees_and_breaks_cycles() {
        let items = vec![
            ("c", Some("b")),
            ("a", None),
            ("b", Some("a")),
            ("x", Some("gone")),
            ("p", Some("q")),
            ("q", Some("p")),
        ];
        let out = parents_first(
            items,
            |t| t.0.to_string(),
            |t| t.1.map(str::to_string),
            |t| t.1 = None,
        );
        let names: Vec<_> = out.iter().map(|t| (t.0, t.1)).collect();
        assert_eq!(
            names,
            [
                ("a", None),
                ("b", Some("a")),
                ("c", Some("b")),
                ("x", None),
                ("p", None),
                ("q", Some("p"))
            ]
        );
    }
}
