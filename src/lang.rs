//! The language of what filrouge writes for people: the report, and the few labels the corpus
//! loader makes up (`Plénière`, an event's `(sans date)`). The notes themselves are French
//! whatever it is.

/// A language filrouge writes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// French (the default: the report is written for CNFPT staff).
    #[default]
    Fr,
    /// English.
    En,
}

impl Lang {
    /// The ISO 639-1 code (`fr`, `en`), used in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "fr" => Ok(Lang::Fr),
            "en" => Ok(Lang::En),
            other => Err(format!("langue inconnue « {other} » : fr ou en")),
        }
    }
}
