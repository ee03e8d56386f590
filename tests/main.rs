//! The one integration test binary: corpus round trips, encodings, and the CLI driven as a user would.

mod support;

mod archive;
mod bundle;
mod bundle_renders;
mod check;
mod check_align;
mod check_reports;
mod cli;
mod convert;
mod corpus_ass;
mod corpus_cuts;
mod corpus_srt;
mod corpus_ttml;
mod corpus_vtt;
mod cuts_detect;
mod differential;
mod encodings;
mod glossary;
mod locales;
mod memory;
mod mutation;
mod render;
mod render_interrupt;

mod render_preview;
mod rules_text;
mod samples;
mod translate_backends;
mod translate_command;
mod translate_deepl;
mod translate_llm;
mod validate_hostile;
