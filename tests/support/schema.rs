//! A small JSON Schema (2020-12) checker for the schemas in `docs/`: `type`, `const`,
//! `enum`, `required`, `properties`, `additionalProperties`, `items`, `minimum`, `pattern`,
//! `minLength`, `minItems`/`maxItems`, `$ref` to `#/$defs/...`. Stricter than the standard in
//! one way: a field the schema does not describe is an error, so documents and schemas cannot
//! drift apart.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

pub struct SchemaWalk<'s> {
    pub root: &'s Value,
    /// `def.property` of every property met, to find properties the schema describes in vain.
    pub seen: BTreeSet<String>,
}

pub fn type_matches(ty: &str, v: &Value) -> bool {
    match ty {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        other => panic!("schema uses unknown type {other}"),
    }
}

impl<'s> SchemaWalk<'s> {
    /// Follow `$ref`s; returns the schema and the name of the `$defs` entry it came from.
    fn resolve(&self, mut s: &'s Value, mut def: String) -> (&'s Value, String) {
        while let Some(r) = s.get("$ref").and_then(Value::as_str) {
            let name = r
                .strip_prefix("#/$defs/")
                .unwrap_or_else(|| panic!("unsupported $ref {r}"));
            s = &self.root["$defs"][name];
            assert!(!s.is_null(), "dangling $ref {r}");
            def = name.to_owned();
        }
        (s, def)
    }

    /// Whether `v` satisfies `schema`, and every field of `v` is described by it.
    pub fn check(
        &mut self,
        schema: &'s Value,
        def: &str,
        v: &Value,
        at: &str,
    ) -> Result<(), String> {
        let (s, def) = self.resolve(schema, def.to_owned());
        if let Some(c) = s.get("const").filter(|c| *c != v) {
            return Err(format!("{at}: {v} is not the schema's const {c}"));
        }
        if let Some(e) = s
            .get("enum")
            .and_then(Value::as_array)
            .filter(|e| !e.contains(v))
        {
            return Err(format!("{at}: {v} is not one of {e:?}"));
        }
        let types: Vec<&str> = match s.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().map(|t| t.as_str().unwrap()).collect(),
            _ => Vec::new(),
        };
        if !types.is_empty() && !types.iter().any(|t| type_matches(t, v)) {
            return Err(format!("{at}: {v} is none of {types:?}"));
        }
        if let (Some(min), Some(n)) = (s.get("minimum").and_then(Value::as_f64), v.as_f64())
            && n < min
        {
            return Err(format!("{at}: {n} < {min}"));
        }
        if let (Some(p), Some(text)) = (s.get("pattern").and_then(Value::as_str), v.as_str()) {
            let re = regex::Regex::new(p).unwrap_or_else(|e| panic!("schema pattern {p}: {e}"));
            if !re.is_match(text) {
                return Err(format!("{at}: `{text}` does not match {p}"));
            }
        }
        if let (Some(n), Some(text)) = (s.get("minLength").and_then(Value::as_u64), v.as_str())
            && (text.chars().count() as u64) < n
        {
            return Err(format!("{at}: shorter than {n}"));
        }
        if let Some(arr) = v.as_array() {
            let len = arr.len() as u64;
            if s.get("minItems")
                .and_then(Value::as_u64)
                .is_some_and(|n| len < n)
                || s.get("maxItems")
                    .and_then(Value::as_u64)
                    .is_some_and(|n| len > n)
            {
                return Err(format!("{at}: {len} items is outside the schema's bounds"));
            }
        }
        if let Some(obj) = v.as_object() {
            let props = s.get("properties").and_then(Value::as_object);
            for key in s
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let key = key.as_str().unwrap();
                if !obj.contains_key(key) {
                    return Err(format!("{at}: required field `{key}` missing"));
                }
            }
            for (key, value) in obj {
                let at = format!("{at}.{key}");
                if let Some(p) = props.and_then(|p| p.get(key)) {
                    self.seen.insert(format!("{def}.{key}"));
                    self.check(p, &def, value, &at)?;
                } else if let Some(extra) = s.get("additionalProperties").filter(|a| a.is_object())
                {
                    self.check(extra, &def, value, &at)?;
                } else {
                    return Err(format!(
                        "{at}: the document has this field, the schema does not describe it"
                    ));
                }
            }
        }
        if let (Some(items), Some(arr)) = (s.get("items"), v.as_array()) {
            for (i, item) in arr.iter().enumerate() {
                self.check(items, &def, item, &format!("{at}[{i}]"))?;
            }
        }
        Ok(())
    }

    /// Every `def.property` the schema describes.
    pub fn described(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut add = |def: &str, s: &Value| {
            for key in s
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                out.insert(format!("{def}.{}", key.0));
            }
        };
        add("root", self.root);
        for (name, s) in self.root["$defs"].as_object().unwrap() {
            add(name, s);
        }
        out
    }
}

/// `docs/<name>`, parsed, with its draft checked.
pub fn load(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs")
        .join(name);
    let s: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    s
}
