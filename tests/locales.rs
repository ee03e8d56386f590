//! The catalogues in `locales/` against the code: every message id the code uses exists in
//! every locale with the variables the code passes, both locales define the same messages with
//! the same variables, every message formats without a Fluent error, and zh-CN is translated.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use fluent_syntax::ast;

use dramaloc::i18n::CATALOGUES;

type Vars = BTreeSet<String>;

fn collect_expr_vars<S: AsRef<str>>(expr: &ast::Expression<S>, out: &mut Vars) {
    match expr {
        ast::Expression::Select { selector, variants } => {
            collect_inline_vars(selector, out);
            for v in variants {
                collect_pattern_vars(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => collect_inline_vars(i, out),
    }
}

fn collect_inline_vars<S: AsRef<str>>(inline: &ast::InlineExpression<S>, out: &mut Vars) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.as_ref().to_owned());
        }
        ast::InlineExpression::Placeable { expression } => collect_expr_vars(expression, out),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                collect_inline_vars(a, out);
            }
        }
        _ => {}
    }
}

fn collect_pattern_vars<S: AsRef<str>>(pattern: &ast::Pattern<S>, out: &mut Vars) {
    for el in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            collect_expr_vars(expression, out);
        }
    }
}

/// message id → variables, for one locale; panics on syntax errors or duplicate ids.
fn catalogue(locale: &str) -> BTreeMap<String, Vars> {
    let files = CATALOGUES
        .iter()
        .find(|(l, _)| *l == locale)
        .expect("locale")
        .1;
    let mut out = BTreeMap::new();
    for (name, source) in files {
        let resource = fluent_syntax::parser::parse(*source)
            .unwrap_or_else(|(_, errors)| panic!("{locale}/{name}: syntax errors {errors:?}"));
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry {
                let mut vars = Vars::new();
                let value = m
                    .value
                    .unwrap_or_else(|| panic!("{locale}/{name}: `{}` has no value", m.id.name));
                collect_pattern_vars(&value, &mut vars);
                assert!(
                    out.insert(m.id.name.to_owned(), vars).is_none(),
                    "{locale}: `{}` is defined twice",
                    m.id.name
                );
            }
        }
    }
    out
}

/// Every `msg!("id", a = …, b = …)` and `t!(…)` in `src/`, with the argument names passed.
fn ids_in_code() -> Vec<(String, String, Vars)> {
    let mut out = Vec::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                scan(&text, &path.display().to_string(), &mut out);
            }
        }
    }
    out
}

fn scan(text: &str, file: &str, out: &mut Vec<(String, String, Vars)>) {
    for marker in ["msg!(", "t!("] {
        let mut from = 0;
        while let Some(pos) = text[from..].find(marker).map(|p| p + from) {
            from = pos + marker.len();
            // `t!(` inside another identifier (`print!(`, `assert!(` …) is not ours.
            if marker == "t!("
                && text[..pos]
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
            {
                continue;
            }
            let rest = text[from..].trim_start();
            let Some(rest) = rest.strip_prefix('"') else {
                continue;
            };
            let Some(end) = rest.find('"') else { continue };
            let id = &rest[..end];
            // The argument list up to the matching parenthesis.
            let mut depth = 1;
            let mut args = String::new();
            let mut in_str = false;
            let mut prev = ' ';
            for c in rest[end + 1..].chars() {
                if in_str {
                    if c == '"' && prev != '\\' {
                        in_str = false;
                    }
                } else {
                    match c {
                        '"' => in_str = true,
                        '(' | '[' | '{' => depth += 1,
                        ')' | ']' | '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    if depth == 1 {
                        args.push(c);
                    } else {
                        args.push(' ');
                    }
                }
                prev = c;
            }
            let vars: Vars = args
                .split(',')
                .filter_map(|part| {
                    let (name, _) = part.split_once('=')?;
                    let name = name.trim();
                    (!name.is_empty()
                        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                    .then(|| name.to_owned())
                })
                .collect();
            out.push((id.to_owned(), file.to_owned(), vars));
        }
    }
}

#[test]
fn every_id_used_in_code_exists_in_every_locale_with_the_same_variables() {
    let used = ids_in_code();
    assert!(
        used.len() > 50,
        "the scan found only {} message uses",
        used.len()
    );
    for (locale, _) in CATALOGUES {
        let cat = catalogue(locale);
        for (id, file, vars) in &used {
            let defined = cat
                .get(id)
                .unwrap_or_else(|| panic!("{file}: `{id}` is missing from locales/{locale}"));
            assert_eq!(
                defined, vars,
                "{file}: `{id}` in {locale} uses variables {defined:?}, the code passes {vars:?}"
            );
        }
    }
}

#[test]
fn every_help_text_exists_in_every_locale() {
    let ids = dramaloc::cli::localize::help_ids(
        &<dramaloc::cli::args::Cli as clap::CommandFactory>::command(),
    );
    assert!(ids.len() > 30);
    for (locale, _) in CATALOGUES {
        let cat = catalogue(locale);
        for id in &ids {
            assert!(
                cat.contains_key(id),
                "help text `{id}` is missing from locales/{locale}"
            );
        }
    }
}

#[test]
fn locales_define_the_same_messages_with_the_same_variables() {
    let reference = catalogue("en-US");
    for (locale, _) in CATALOGUES {
        let cat = catalogue(locale);
        let a: BTreeSet<_> = reference.keys().collect();
        let b: BTreeSet<_> = cat.keys().collect();
        assert_eq!(a, b, "en-US and {locale} define different messages");
        for (id, vars) in &reference {
            assert_eq!(
                &cat[id], vars,
                "`{id}`: en-US and {locale} use different variables"
            );
        }
    }
}

#[test]
fn every_message_formats_without_errors_in_every_locale() {
    for (locale, files) in CATALOGUES {
        let mut bundle = FluentBundle::new(vec![locale.parse().unwrap()]);
        bundle.set_use_isolating(false);
        for (_, source) in *files {
            bundle
                .add_resource(FluentResource::try_new((*source).to_owned()).unwrap())
                .unwrap();
        }
        for (id, vars) in catalogue(locale) {
            // Once with text values and once with numbers, so selectors meet both.
            for numeric in [false, true] {
                let mut args = FluentArgs::new();
                for v in &vars {
                    if numeric {
                        args.set(v.clone(), 2);
                    } else {
                        args.set(v.clone(), "x");
                    }
                }
                let pattern = bundle.get_message(&id).and_then(|m| m.value()).unwrap();
                let mut errors = vec![];
                let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                assert!(errors.is_empty(), "{locale} `{id}`: {errors:?}");
                assert!(!text.trim().is_empty(), "{locale} `{id}` is empty");
            }
        }
    }
}

#[test]
fn zh_cn_is_translated() {
    // Messages that are the same in both languages by nature.
    const SAME: &[&str] = &[];
    for (id, _) in catalogue("zh-CN") {
        if SAME.contains(&id.as_str()) {
            continue;
        }
        let files = CATALOGUES.iter().find(|(l, _)| *l == "zh-CN").unwrap().1;
        let text: String = files
            .iter()
            .flat_map(|(_, s)| s.lines())
            .skip_while(|l| !l.starts_with(&format!("{id} =")))
            .take_while(|l| l.starts_with(&format!("{id} =")) || l.starts_with(' '))
            .collect();
        assert!(
            text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "zh-CN `{id}` has no Chinese text: {text}"
        );
    }
}
