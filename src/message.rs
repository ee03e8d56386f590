//! Message ids and arguments: how domain code tells a user something without rendering text.
//!
//! Owns the `Message` value type only. Rendering lives in `i18n`; the ids live in
//! `locales/<tag>/*.ftl`. Domain errors and findings return a `Message` so the CLI can show it
//! in the user's language.

use std::fmt;

/// One Fluent argument. Numbers stay numbers so plural rules and number formatting work.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    Int(i64),
    Float(f64),
}

impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Str(v.to_owned())
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Str(v)
    }
}
impl From<&String> for Arg {
    fn from(v: &String) -> Self {
        Arg::Str(v.clone())
    }
}
macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(v: $t) -> Self {
                Arg::Int(i64::try_from(v).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_arg!(i32, i64, u8, u16, u32, u64, usize);
impl From<f64> for Arg {
    fn from(v: f64) -> Self {
        Arg::Float(v)
    }
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Str(s) => f.write_str(s),
            Arg::Int(n) => write!(f, "{n}"),
            Arg::Float(x) => write!(f, "{x}"),
        }
    }
}

/// A message id from the Fluent catalogue plus its arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Message {
    pub fn new(id: &'static str) -> Self {
        Message {
            id,
            args: Vec::new(),
        }
    }

    #[must_use]
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }
}

/// Build a [`Message`]: `msg!("init-done", path = "series.toml")`.
///
/// The id must be a string literal so the locale completeness test can find it in the source.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $val:expr)* $(,)?) => {
        $crate::message::Message {
            id: $id,
            args: vec![$((stringify!($name), $crate::message::Arg::from($val))),*],
        }
    };
}
