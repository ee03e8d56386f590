//! `dramaloc glossary check`: renderings of each term across episodes.

use serde_json::Value;

use crate::cli::{Sandbox, Test};

fn check(root: &std::path::Path, expected: i32) -> Value {
    let run = Test::new()
        .args(["--format", "json", "glossary", "check"])
        .cwd(root)
        .code(expected);
    serde_json::from_str(&run.stdout).unwrap()
}

fn outliers(v: &Value, term: &str, lang: &str) -> Vec<(u64, u64)> {
    v["terms"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["term"] == term && t["language"] == lang)
        .flat_map(|t| t["outliers"].as_array().unwrap().clone())
        .map(|o| (o["episode"].as_u64().unwrap(), o["cue"].as_u64().unwrap()))
        .collect()
}

#[test]
fn the_demo_is_consistent_and_a_misspelled_episode_is_named() {
    let sandbox = Sandbox::new();
    let root = sandbox.sample("demo");
    let v = check(&root, 0);
    assert_eq!(v["inconsistent"], 0);
    let snow = v["terms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["term"] == "雪芽" && t["language"] == "en-US")
        .unwrap()
        .clone();
    assert_eq!(snow["approved"], "Snow Bud");
    assert!(snow["uses"].as_u64().unwrap() >= 5);
    assert_eq!(snow["uses"], snow["consistent"]);

    let path = root.join("episodes/003/en-US.srt");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("Snow Bud"));
    std::fs::write(&path, text.replace("Snow Bud", "Snowbud")).unwrap();
    let v = check(&root, 1);
    let o = outliers(&v, "雪芽", "en-US");
    assert!(!o.is_empty() && o.iter().all(|(e, _)| *e == 3), "{o:?}");
    assert_eq!(v["inconsistent"], 1);

    // Without an approved rendering, the one most episodes use is inferred.
    let g = std::fs::read_to_string(root.join("glossary.toml")).unwrap();
    std::fs::write(
        root.join("glossary.toml"),
        g.replace("en-US = \"Snow Bud\"\n", ""),
    )
    .unwrap();
    let v = check(&root, 1);
    let t = v["terms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["term"] == "雪芽" && t["language"] == "en-US")
        .unwrap()
        .clone();
    assert_eq!(t["approved"], Value::Null);
    assert_eq!(t["rendering"], "snow bud");
    assert!(outliers(&v, "雪芽", "en-US").iter().all(|(e, _)| *e == 3));

    let human = Test::new().args(["glossary", "check"]).cwd(&root).code(1);
    assert!(human.stdout.contains("E003#"), "{}", human.stdout);
    assert!(human.stdout.contains("Snowbud"), "{}", human.stdout);
}
