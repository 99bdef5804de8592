//! The docstrings and text signatures of `heapq`'s functions.

pub(super) static FUNCTIONS: super::Table = &[
    (
        "heapify",
        Some("($module, heap, /)"),
        r#"Rearrange the list in place, in linear time, so that it is a heap."#,
    ),
    (
        "heappop",
        Some("($module, heap, /)"),
        r#"Remove the smallest item of the heap and return it, keeping the heap
invariant."#,
    ),
    (
        "heappush",
        Some("($module, heap, item, /)"),
        r#"Add item to the heap, keeping the heap invariant."#,
    ),
    (
        "heappushpop",
        Some("($module, heap, item, /)"),
        r#"Add item to the heap, then remove the smallest item and return it.

Quicker than a heappush() followed by a heappop()."#,
    ),
    (
        "heapreplace",
        Some("($module, heap, item, /)"),
        r#"Remove the smallest item and return it, then add item.

The heap keeps its size; an empty heap raises IndexError. Quicker than a
heappop() followed by a heappush(); the item returned may be larger than
the one added (heappushpop() never returns a larger one)."#,
    ),
    (
        "merge",
        None,
        r#"Merge sorted iterables into one sorted iterator over all their items.

Like sorted(itertools.chain(*iterables)), but lazy: it holds one item of
each input at a time. key and reverse are those of sorted()."#,
    ),
    (
        "nlargest",
        None,
        r#"The n largest items of the iterable, largest first.

The same as sorted(iterable, key=key, reverse=True)[:n]."#,
    ),
    (
        "nsmallest",
        None,
        r#"The n smallest items of the iterable, smallest first.

The same as sorted(iterable, key=key)[:n]."#,
    ),
];
