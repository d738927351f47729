//! The argument parser in French. `clap` writes its help headings (`Usage:`, `Commands:`), its
//! notes (`[default: …]`, `[possible values: …]`), its `-h`/`-V` flags and its argument errors
//! in English; the people who run filrouge read French everywhere else. This module rewrites the
//! command tree built from [`crate::cli::Cli`] and formats the parser's errors, so that
//! `filrouge --help` and `filrouge themes --top x` speak French like every other message.
//!
//! The help texts themselves are the doc comments in `cli.rs`; only what `clap` adds is here.

use std::fmt::Write as _;

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// The help page of `cmd`: clap's default layout, with its headings in French (`Usage:` becomes
/// `Utilisation :`, and a colon takes its space before it).
fn help_template(cmd: &Command) -> String {
    let mut t = String::from("{before-help}{about-with-newline}\nUtilisation : {usage}\n");
    if cmd.get_positionals().next().is_some() {
        t.push_str("\nArguments :\n{positionals}\n");
    }
    t.push_str("\nOptions :\n{options}\n");
    if cmd.has_subcommands() {
        t.push_str("\nCommandes :\n{subcommands}\n");
    }
    t.push_str("{after-help}");
    t
}

/// `cmd` (the root command) and all its subcommands with their help in French: headings,
/// defaults and choices, and the `-h`/`--help` and `-V`/`--version` flags. The `help`
/// subcommand is left out: its text is clap's own (the caller reads `filrouge help analyze` as
/// `filrouge analyze --help`).
pub fn french(cmd: Command) -> Command {
    in_french(cmd).disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("Affiche la version"),
    )
}

/// One command's help in French, and its subcommands'.
fn in_french(cmd: Command) -> Command {
    let template = help_template(&cmd);
    cmd.help_template(template)
        .subcommand_value_name("COMMANDE")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .mut_args(french_arg)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .display_order(usize::MAX)
                .help("Affiche l'aide"),
        )
        .mut_subcommands(in_french)
}

/// An argument whose default value and choices are written in French after its help text,
/// where clap would write `[default: …]` and `[possible values: …]`.
fn french_arg(arg: Arg) -> Arg {
    if !arg.get_action().takes_values() {
        return arg;
    }
    let mut notes = Vec::new();
    let defaults = arg.get_default_values();
    if !arg.is_hide_default_value_set() && !defaults.is_empty() {
        let defaults: Vec<_> = defaults.iter().map(|d| d.to_string_lossy()).collect();
        notes.push(format!("[par défaut : {}]", defaults.join(", ")));
    }
    let choices: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !arg.is_hide_possible_values_set() && !choices.is_empty() {
        notes.push(format!("[valeurs : {}]", choices.join(", ")));
    }
    if notes.is_empty() {
        return arg;
    }
    let notes = notes.join(" ");
    let with_notes = |help: Option<&StyledStr>| match help {
        Some(h) => format!("{h} {notes}"),
        None => notes.clone(),
    };
    let help = with_notes(arg.get_help());
    let long_help = arg.get_long_help().map(|h| with_notes(Some(h)));
    let arg = arg
        .hide_default_value(true)
        .hide_possible_values(true)
        .help(help);
    match long_help {
        Some(long) => arg.long_help(long),
        None => arg,
    }
}

/// Formats the parser's errors in French, in the shape of the tool's other errors
/// (`filrouge: erreur: …`), with clap's suggestion and usage line. Apply it with
/// [`clap::Error::apply`]; help and version pages are printed as they are.
pub struct French;

impl ErrorFormatter for French {
    fn format_error(error: &clap::error::Error<Self>) -> StyledStr {
        let mut out = format!("filrouge: erreur: {}", message(error));
        let suggested = [
            ContextKind::SuggestedSubcommand,
            ContextKind::SuggestedArg,
            ContextKind::SuggestedValue,
        ]
        .into_iter()
        .filter_map(|k| error.get(k))
        .flat_map(strings)
        .collect::<Vec<_>>();
        if !suggested.is_empty() {
            let _ = write!(
                out,
                "\n\n  vouliez-vous dire {} ?",
                quoted(&suggested, " ou ")
            );
        }
        if let Some(tips) = error.get(ContextKind::Suggested) {
            for tip in strings(tips).iter().filter_map(|t| french_tip(t)) {
                let _ = write!(out, "\n\n  astuce : {tip}");
            }
        }
        if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
            let usage = usage.to_string();
            let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
            let _ = write!(out, "\n\nUtilisation : {usage}");
        }
        out.push_str("\n\nPour en savoir plus : --help.\n");
        out.into()
    }
}

/// What went wrong, in one French sentence (and the list of choices, for a bad choice).
fn message(error: &clap::error::Error<French>) -> String {
    let text = |kind| error.get(kind).map(strings).unwrap_or_default();
    let arg = quoted(&text(ContextKind::InvalidArg), ", ");
    let value = quoted(&text(ContextKind::InvalidValue), ", ");
    let cause = std::error::Error::source(error).map(|s| s.to_string());
    match error.kind() {
        ErrorKind::InvalidValue if text(ContextKind::InvalidValue).concat().is_empty() => {
            format!("{arg} attend une valeur")
        }
        ErrorKind::InvalidValue => {
            let mut m = format!("valeur {value} invalide pour {arg}");
            let choices = text(ContextKind::ValidValue);
            if !choices.is_empty() {
                let _ = write!(m, "\n  valeurs possibles : {}", choices.join(", "));
            }
            m
        }
        ErrorKind::ValueValidation => match cause {
            Some(cause) => format!("valeur {value} invalide pour {arg} : {cause}"),
            None => format!("valeur {value} invalide pour {arg}"),
        },
        ErrorKind::UnknownArgument => format!("argument inattendu {arg}"),
        ErrorKind::InvalidSubcommand => format!(
            "commande inconnue {}",
            quoted(&text(ContextKind::InvalidSubcommand), ", ")
        ),
        ErrorKind::MissingSubcommand => "il manque la commande".to_string(),
        ErrorKind::MissingRequiredArgument => {
            let missing = text(ContextKind::InvalidArg);
            let s = if missing.len() > 1 { "s" } else { "" };
            format!(
                "argument{s} obligatoire{s} manquant{s} : {}",
                missing.join(", ")
            )
        }
        ErrorKind::ArgumentConflict => match error.get(ContextKind::PriorArg).map(strings) {
            Some(prior) if prior == text(ContextKind::InvalidArg) => {
                format!("{arg} ne peut être donné qu'une fois")
            }
            Some(prior) => format!("{arg} ne va pas avec {}", quoted(&prior, ", ")),
            None => format!("{arg} ne va pas avec un autre argument donné"),
        },
        ErrorKind::NoEquals => format!("{arg} s'écrit avec un signe = devant sa valeur"),
        ErrorKind::TooManyValues => format!("valeur {value} en trop pour {arg}"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("nombre de valeurs incorrect pour {arg}")
        }
        ErrorKind::InvalidUtf8 => "un argument n'est pas de l'UTF-8 valide".to_string(),
        _ => cause.unwrap_or_else(|| "arguments invalides".to_string()),
    }
}

/// One of clap's tips (`to pass '-t' as a value, use '-- -t'`) in French; `None` for a tip
/// this version does not know (it is left out rather than printed in English).
fn french_tip(tip: &str) -> Option<String> {
    // The quoted parts: `'-t'` and `'-- -t'`.
    let quoted: Vec<&str> = tip.split('\'').skip(1).step_by(2).collect();
    if tip.starts_with("to pass ") && quoted.len() == 2 {
        Some(format!(
            "pour passer « {} » comme valeur, écrivez « {} »",
            quoted[0], quoted[1]
        ))
    } else if tip.starts_with("subcommand ") && !quoted.is_empty() {
        Some(format!(
            "la commande « {} » existe : pour la lancer, retirez le « -- » qui la précède",
            quoted[0]
        ))
    } else if tip.ends_with(" exists") && quoted.len() == 1 {
        Some(format!("« {} » existe", quoted[0]))
    } else {
        None
    }
}

/// The strings a context value holds.
fn strings(value: &ContextValue) -> Vec<String> {
    match value {
        ContextValue::String(s) => vec![s.clone()],
        ContextValue::Strings(v) => v.clone(),
        ContextValue::StyledStr(s) => vec![s.to_string()],
        ContextValue::StyledStrs(v) => v.iter().map(|s| s.to_string()).collect(),
        ContextValue::Number(n) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

/// `« a »`, or `« a » ou « b »` joined by `sep`.
fn quoted(items: &[String], sep: &str) -> String {
    items
        .iter()
        .map(|s| format!("« {s} »"))
        .collect::<Vec<_>>()
        .join(sep)
}
