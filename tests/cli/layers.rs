//! The modules import one way, downward: `cli` and `cmd` on top; `vault`, `state`, `audit` and
//! what sits beside them in the middle; `store`, `crypto`, `format`, `paths` at the bottom. No
//! module reaches back up, so there is no circle to untangle (the review's item 7).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::support::source_files;

/// Top-level module of every file under src/, and the top-level modules it names as
/// `crate::…`.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in source_files() {
        let relative = path.strip_prefix(&src).unwrap();
        let module = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if module == "lib" || module == "main" {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let deps = graph.entry(module.clone()).or_default();
        let mut add = |name: &str| {
            if name != module && !name.is_empty() {
                deps.insert(name.to_owned());
            }
        };
        for (at, _) in text.match_indices("crate::") {
            let rest = &text[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `use crate::{a, b::c, …}`
                let group = &group[..group.find('}').unwrap_or(group.len())];
                for item in group.split(',') {
                    add(item.trim().split("::").next().unwrap());
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                add(&name);
            }
        }
    }
    graph
}

/// A circle of imports, if there is one.
fn find_circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut circle = path[at..].to_vec();
            circle.push(node.to_owned());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_modules_import_one_way_only() {
    let graph = imports();
    assert!(graph.len() > 20, "{graph:?}");
    if let Some(circle) = find_circle(&graph) {
        panic!("an import circle: {}", circle.join(" -> "));
    }
    let layers: [(&[&str], &[&str]); 3] = [
        (
            &["store", "crypto", "format", "paths"],
            &[
                "cli", "cmd", "vault", "state", "audit", "anchors", "complete",
            ],
        ),
        (&["vault", "state", "audit", "anchors"], &["cli", "cmd"]),
        // The capabilities a thin `cmd/` file calls: each a room of its own, beneath it.
        (&["mcp", "proxy", "sandbox", "mask"], &["cli", "cmd"]),
    ];
    for (below, above) in layers {
        for module in below {
            let deps = &graph[*module];
            for high in above {
                assert!(
                    !deps.contains(*high),
                    "{module} imports {high}, which is above it"
                );
            }
        }
    }
}

#[test]
fn a_circle_would_be_found() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec![]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.into_iter().map(str::to_owned).collect()))
    .collect();
    assert_eq!(find_circle(&graph).unwrap(), ["a", "b", "c", "a"]);
}
