//! Help text from the Fluent catalogues: every command's `about`, every argument's help,
//! the section headings and the usage heading.

use clap::{Arg, ArgAction, Command};

use crate::i18n::localizer;

/// Ids are built from the command tree; the locale tests prove each one is in every catalogue.
fn text(id: String) -> String {
    localizer().render_id(&id)
}

/// The id prefix of a command path: `cli` for the root, `cli-import` for `import`.
fn prefix(path: &[&str]) -> String {
    let mut p = String::from("cli");
    for part in path.iter().skip(1) {
        p.push('-');
        p.push_str(part);
    }
    p
}

/// The Fluent id of a command's about text.
pub fn about_id(path: &[&str]) -> String {
    format!("{}-about", prefix(path))
}

/// The Fluent id of an argument's help (`cli-import-arg-dry-run`).
pub fn arg_id(path: &[&str], arg: &str) -> String {
    format!("{}-arg-{}", prefix(path), arg.replace('_', "-"))
}

/// Fill the help texts of a command tree from the catalogues.
pub fn localize(cmd: Command) -> Command {
    let heading_args = text("cli-heading-arguments".into());
    let heading_options = text("cli-heading-options".into());
    let heading_commands = text("cli-heading-commands".into());
    let usage = text("cli-heading-usage".into());
    let help = text("cli-arg-help".into());
    let version = text("cli-arg-version".into());
    let template =
        format!("{{about-with-newline}}\n{usage}: {{usage}}\n\n{{all-args}}{{after-help}}");
    walk(
        cmd,
        &mut vec!["dramaloc".to_owned()],
        &Strings {
            heading_args,
            heading_options,
            heading_commands,
            template,
            help,
        },
    )
    .arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help(version)
            .help_heading(text("cli-heading-options".into())),
    )
}

struct Strings {
    heading_args: String,
    heading_options: String,
    heading_commands: String,
    template: String,
    help: String,
}

fn walk(cmd: Command, path: &mut Vec<String>, s: &Strings) -> Command {
    let names: Vec<&str> = path.iter().map(String::as_str).collect();
    let about = text(about_id(&names));
    let p = names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    let mut cmd = cmd
        .about(about)
        .help_template(s.template.clone())
        .subcommand_help_heading(s.heading_commands.clone())
        .mut_args(|arg| {
            let names: Vec<&str> = p.iter().map(String::as_str).collect();
            let id = arg_id(&names, arg.get_id().as_str());
            let heading = if arg.is_positional() {
                &s.heading_args
            } else {
                &s.heading_options
            };
            // Possible values and defaults are part of each help text, in the user's language.
            let takes_value = arg.get_action().takes_values();
            arg.help(text(id))
                .help_heading(heading.clone())
                .hide_possible_values(takes_value)
                .hide_default_value(takes_value)
        })
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(s.help.clone())
                .help_heading(s.heading_options.clone()),
        );
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for name in subs {
        path.push(name.clone());
        let sub = cmd.find_subcommand(&name).cloned();
        if let Some(sub) = sub {
            let localized = walk(sub.disable_help_flag(true), path, s);
            cmd = cmd.mut_subcommand(&name, |_| localized);
        }
        path.pop();
    }
    cmd
}

/// Every help id the command tree needs (for the catalogue completeness test).
pub fn help_ids(cmd: &Command) -> Vec<String> {
    let mut out = vec![
        "cli-heading-arguments".to_owned(),
        "cli-heading-options".to_owned(),
        "cli-heading-commands".to_owned(),
        "cli-heading-usage".to_owned(),
        "cli-arg-help".to_owned(),
        "cli-arg-version".to_owned(),
    ];
    fn collect(cmd: &Command, path: &mut Vec<String>, out: &mut Vec<String>) {
        let names: Vec<&str> = path.iter().map(String::as_str).collect();
        out.push(about_id(&names));
        for arg in cmd.get_arguments() {
            if arg.get_id() == "help" || arg.get_id() == "version" {
                continue;
            }
            out.push(arg_id(&names, arg.get_id().as_str()));
        }
        for sub in cmd.get_subcommands() {
            path.push(sub.get_name().to_owned());
            collect(sub, path, out);
            path.pop();
        }
    }
    collect(cmd, &mut vec!["dramaloc".to_owned()], &mut out);
    out
}
