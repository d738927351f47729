//! Calendar dates of events: parsing ISO dates from manifests and French dates from notes.

use std::fmt;

/// A calendar date (proleptic Gregorian), ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2020.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of month, 1–31 (checked against the month).
    pub day: u8,
}

impl Date {
    /// Builds a date, checking that the day exists in that month.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days from 1 January 1970 (negative before): the difference of two dates in days.
    ///
    /// ```
    /// use filrouge::corpus::Date;
    /// let forum = Date::new(2020, 9, 14).unwrap();
    /// let meeting = Date::new(2020, 9, 29).unwrap();
    /// assert_eq!(meeting.day_number() - forum.day_number(), 15);
    /// ```
    pub fn day_number(self) -> i64 {
        // Howard Hinnant's `days_from_civil`: years counted from March, so that the leap day
        // ends a year.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let m = i64::from(self.month);
        let day_of_year =
            (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date written the French way: `16 novembre 2021`, `1er juillet 2022`.
    pub fn french(self) -> String {
        let day = if self.day == 1 {
            "1er".to_string()
        } else {
            self.day.to_string()
        };
        format!(
            "{day} {} {}",
            FRENCH_MONTHS[usize::from(self.month) - 1],
            self.year
        )
    }

    /// The date written in English: `16 November 2021`.
    pub fn english(self) -> String {
        format!(
            "{} {} {}",
            self.day,
            ENGLISH_MONTHS[usize::from(self.month) - 1],
            self.year
        )
    }

    /// The date written out in `lang`: [`Date::french`] or [`Date::english`].
    pub fn written(self, lang: crate::lang::Lang) -> String {
        match lang {
            crate::lang::Lang::Fr => self.french(),
            crate::lang::Lang::En => self.english(),
        }
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut it = s.trim().splitn(3, '-');
        let y = it.next()?;
        let m = it.next()?;
        let d = it.next()?;
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Parses `DD/MM/YYYY`, the French order (`14/03/2022`; `1/3/2022` too).
    fn parse_slashed(s: &str) -> Option<Date> {
        let mut it = s.splitn(3, '/');
        let (d, m, y) = (it.next()?, it.next()?, it.next()?);
        let digits = |x: &str, n: std::ops::RangeInclusive<usize>| {
            n.contains(&x.len()) && x.bytes().all(|b| b.is_ascii_digit())
        };
        if !(digits(d, 1..=2) && digits(m, 1..=2) && digits(y, 4..=4)) {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Finds the first date written the French way (`14 septembre 2020`, `Mardi 16 novembre
    /// 2021`, `1er juillet 2022`, `14/03/2022`, day first) or as ISO `2020-09-14` in `text`.
    /// Punctuation outside a date does not hide it: `(29 septembre 2020)`, `« 14 mars 2022 »`,
    /// `le 3 mai 2021 !`; punctuation inside it breaks it: `Atelier 3 : mars 2022`, `Séance 2 –
    /// avril 2022`, `Atelier 4 (mai 2021)` hold no date. An impossible date (`31 février 2021`)
    /// is none.
    pub fn find_in_text(text: &str) -> Option<Date> {
        // A comma is a mark like the others (`Atelier 4, mai 2021` holds no date), not a space.
        let words: Vec<&str> = text.split_whitespace().collect();
        let not_alphanumeric = |c: char| !c.is_alphanumeric();
        // Markdown emphasis is no mark: `**3 mai** 2021`, `*3 mai* 2021`.
        let emphasis: &[char] = &['*', '_'];
        for (i, w) in words.iter().enumerate() {
            let bare = w.trim_matches(not_alphanumeric);
            if let Some(d) = Date::parse_iso(bare).or_else(|| Date::parse_slashed(bare)) {
                return Some(d);
            }
            if i + 2 >= words.len() {
                continue;
            }
            // Day and year first: they are cheap to check and rule out almost every word, while a
            // month name is matched on folded text. Only the day may open with a mark, only the
            // year close with one; a mark alone (`:`, `–`) is a word, and no day, month or year.
            let day = w
                .trim_start_matches(not_alphanumeric)
                .trim_end_matches(emphasis)
                .trim_end_matches("er");
            let month = words[i + 1].trim_matches(emphasis);
            let year = words[i + 2]
                .trim_start_matches(emphasis)
                .trim_end_matches(not_alphanumeric);
            if let (Ok(day), Ok(year)) = (day.parse::<u8>(), year.parse::<i32>())
                && (1000..=9999).contains(&year)
                && let Some(month) = french_month(month)
                && let Some(d) = Date::new(year, month, day)
            {
                return Some(d);
            }
        }
        None
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// An event's date or date range (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct DateRange {
    /// First day.
    pub start: Date,
    /// Last day, the same as `start` for a one-day event.
    pub end: Date,
}

impl DateRange {
    /// The range written short, day first, for labels: `14/09/2020`, `16–17/11/2021`,
    /// `30/11/2021–02/12/2021`.
    pub fn short(self) -> String {
        let (a, b) = (self.start, self.end);
        if a == b {
            format!("{:02}/{:02}/{}", a.day, a.month, a.year)
        } else if a.year == b.year && a.month == b.month {
            format!("{:02}–{:02}/{:02}/{}", a.day, b.day, a.month, a.year)
        } else {
            format!(
                "{:02}/{:02}/{}–{:02}/{:02}/{}",
                a.day, a.month, a.year, b.day, b.month, b.year
            )
        }
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}..{}", self.start, self.end)
        }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// French weekday names, Monday first.
const FRENCH_WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// Whether `line` holds a date and nothing else: day numbers (`1er`), month names, years,
/// weekdays and the words of a date or a range (`le`, `du`, `au`, `et`, `date`): `Mardi 16
/// novembre 2021`, `16 et 17 novembre 2021`, `Date : 12 mars 2019`, `2020-09-29`. `Prochaine séance : 12 octobre 2020` says more.
pub fn is_date_line(line: &str) -> bool {
    Date::find_in_text(line).is_some()
        && line
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ':' | '–' | '—' | '/'))
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
            .filter(|w| !w.is_empty())
            .all(|w| {
                let folded = w.to_lowercase();
                Date::parse_iso(w).is_some()
                    || w.trim_end_matches("er").parse::<u32>().is_ok()
                    || french_month(w).is_some()
                    || FRENCH_WEEKDAYS.contains(&folded.as_str())
                    || ["le", "du", "au", "et", "-", "date"].contains(&folded.as_str())
            })
}

/// French month names, January first.
pub const FRENCH_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// English month names, January first.
pub const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The month number of a French month name, in any case, with or without accents.
fn french_month(word: &str) -> Option<u8> {
    let lower = word.to_lowercase();
    let lower = lower.trim_end_matches('.');
    let folded = super::fold::fold(lower);
    FRENCH_MONTHS
        .iter()
        .position(|m| *m == lower || super::fold::fold(m) == folded)
        .map(|i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lines_hold_a_date_and_nothing_else() {
        for line in [
            "29 septembre 2020",
            "Mardi 16 novembre 2021",
            "16 et 17 novembre 2021",
            "Le 1er juillet 2022.",
            "2020-09-29",
            "Date : 12 mars 2019",
            "(29 septembre 2020)",
            "Lundi 14/03/2022",
            "« 3 mai 2021 »",
        ] {
            assert!(is_date_line(line), "{line}");
        }
        for line in [
            "Prochaine séance : 12 octobre 2020",
            "Rappel : la loi du 9 décembre 1905",
            "Lundi",
            "16 novembre",
            "Réunion du 29 septembre 2020 !",
        ] {
            assert!(!is_date_line(line), "{line}");
        }
    }

    #[test]
    fn day_numbers_count_days() {
        let day = |y, m, d| Date::new(y, m, d).unwrap().day_number();
        assert_eq!(day(1970, 1, 1), 0);
        assert_eq!(day(1969, 12, 31), -1);
        assert_eq!(day(2000, 3, 1) - day(2000, 2, 28), 2);
        assert_eq!(day(2100, 3, 1) - day(2100, 2, 28), 1);
        assert_eq!(day(2021, 1, 1) - day(2020, 1, 1), 366);
        // Every day of four centuries follows the one before.
        let mut last = day(1899, 12, 31);
        for y in 1900..2300 {
            for m in 1..=12 {
                for d in 1..=days_in_month(y, m) {
                    let n = day(y, m, d);
                    assert_eq!(n, last + 1, "{y}-{m}-{d}");
                    last = n;
                }
            }
        }
    }

    #[test]
    fn iso_dates() {
        assert_eq!(Date::parse_iso("2020-09-14"), Date::new(2020, 9, 14));
        assert_eq!(Date::parse_iso("2021-02-30"), None);
        assert_eq!(
            Date::parse_iso("2024-02-29").unwrap().to_string(),
            "2024-02-29"
        );
        assert_eq!(Date::parse_iso("14/09/2020"), None);
    }

    #[test]
    fn french_dates_in_text() {
        assert_eq!(
            Date::find_in_text("29 septembre 2020"),
            Date::new(2020, 9, 29)
        );
        assert_eq!(
            Date::find_in_text("PROGRAMME\n\nMardi 16 novembre 2021\n"),
            Date::new(2021, 11, 16)
        );
        assert_eq!(
            Date::find_in_text("le 1er AOUT 2022."),
            Date::new(2022, 8, 1)
        );
        assert_eq!(Date::find_in_text("forum ouvert du 14 septembre"), None);
        // Punctuation around the words, the day-first numeric form; not an impossible date.
        for (text, want) in [
            (
                "Réunion de lancement (29 septembre 2020)",
                Date::new(2020, 9, 29),
            ),
            ("Réunion du 29 septembre 2020!", Date::new(2020, 9, 29)),
            ("Réunion du « 29 septembre 2020 »", Date::new(2020, 9, 29)),
            ("Lundi 14/03/2022", Date::new(2022, 3, 14)),
            ("le 1/3/2022.", Date::new(2022, 3, 1)),
            ("(2021-11-16)", Date::new(2021, 11, 16)),
            ("le 31 février 2021", None),
            // A number, a mark, a month and a year: an atelier or a session, not a day.
            ("Atelier 3 : mars 2022", None),
            ("Séance 2 – avril 2022", None),
            ("Atelier 4 (mai 2021)", None),
            ("Compte rendu — session 12 / janvier 2023", None),
            ("Atelier 4 (9 mai 2021)", Date::new(2021, 5, 9)),
            ("Atelier 4, mai 2021", None),
            ("Séance 2, avril 2022", None),
            ("le 3 mai 2021, à Lyon", Date::new(2021, 5, 3)),
            ("Lyon, le 5 juin 2018", Date::new(2018, 6, 5)),
            ("Réunion du **3 mai** 2021", Date::new(2021, 5, 3)),
            ("Date : *3 mai* 2021", Date::new(2021, 5, 3)),
            ("**3 mai 2021**", Date::new(2021, 5, 3)),
            ("31/02/2021", None),
            ("03/2022", None),
            ("1/2/3", None),
        ] {
            assert_eq!(Date::find_in_text(text), want, "{text}");
        }
    }
}
