//! Every word the report and its charts show to people, in French and English.
//!
//! Exporters never write a user-facing literal themselves: they read a [`Words`] table (and the
//! few formatting helpers here), so `--lang en` switches every word at once. Corpus text (event
//! titles, atelier labels, quotes) is shown as written.

use super::charts::NoAtelierGraph;
use crate::corpus::date::{Date, DateRange};
use crate::corpus::{AtelierKind, Oversize, SectionKind, SkipReason};
use crate::graph::Measure;
use crate::themes::{RecurrenceUnit, Trend};

pub use crate::lang::Lang;

impl Lang {
    /// The word table of this language.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }
}

/// The fixed words of the report, one field per phrase.
#[derive(Debug)]
pub struct Words {
    /// The language of this table.
    pub lang: Lang,
    /// Report title (when the corpus has none).
    pub report_title: &'static str,
    /// Subtitle line before the corpus title.
    pub report_kicker: &'static str,
    /// Table of contents heading.
    pub contents: &'static str,
    /// Section: corpus at a glance.
    pub glance: &'static str,
    /// Section: recurring themes.
    pub themes: &'static str,
    /// Section: trends.
    pub trends: &'static str,
    /// Section: atelier profiles.
    pub ateliers: &'static str,
    /// Section: graphs and families.
    pub graphs: &'static str,
    /// Section: method.
    pub method: &'static str,
    /// Section: files of this run.
    pub files: &'static str,
    /// Column: event.
    pub event: &'static str,
    /// Column: dates.
    pub dates: &'static str,
    /// No date known.
    pub undated: &'static str,
    /// Column: ateliers.
    pub ateliers_col: &'static str,
    /// Column: one atelier.
    pub atelier: &'static str,
    /// Column: words.
    pub words: &'static str,
    /// Column: documents.
    pub documents: &'static str,
    /// Skipped files heading.
    pub skipped: &'static str,
    /// No file was skipped.
    pub none_skipped: &'static str,
    /// Heading of the warnings about files analysed all the same (shown when there are some).
    pub warnings: &'static str,
    /// What the warnings are, before their table (their messages are in French).
    pub warnings_intro: &'static str,
    /// Column: warning.
    pub warning: &'static str,
    /// Column: file.
    pub file: &'static str,
    /// Column: reason.
    pub reason: &'static str,
    /// Column: rank.
    pub rank: &'static str,
    /// Column: theme.
    pub theme: &'static str,
    /// Column: score.
    pub score: &'static str,
    /// Column: occurrences.
    pub occurrences: &'static str,
    /// Column: events.
    pub events: &'static str,
    /// Column: trend.
    pub trend: &'static str,
    /// Column: dispersion D.
    pub dispersion: &'static str,
    /// Column: specificity S.
    pub specificity: &'static str,
    /// Intro of the themes table.
    pub themes_intro: &'static str,
    /// No recurring theme was found: when the corpus has enough ateliers (or documents) for
    /// `--min-ateliers`, and when it has fewer. `{min}` is the count asked with its noun,
    /// `{flag}` the number asked, `{units}` how many the corpus has.
    pub no_themes: [&'static str; 2],
    /// How to read D and S.
    pub components_help: &'static str,
    /// [`Words::themes_intro`] and [`Words::components_help`] when themes recur across
    /// documents (see [`RecurrenceUnit::Document`]).
    pub across_documents: [&'static str; 2],
    /// Heading of the quotes part.
    pub quotes: &'static str,
    /// Between a label and its value: ` : ` in French (a space before), `: ` in English.
    pub colon: &'static str,
    /// The credit line of the reference frequencies (CC BY-SA 4.0 asks for it).
    pub attribution: &'static str,
    /// Intro of the trend section.
    pub trends_intro: &'static str,
    /// Not enough dated events for trends.
    pub trends_none: &'static str,
    /// No theme in this trend class.
    pub none: &'static str,
    /// The atelier's question.
    pub question: &'static str,
    /// Porteur(s).
    pub porteurs: &'static str,
    /// Number of participants named.
    pub participants: &'static str,
    /// Specific themes (keyness).
    pub specific_themes: &'static str,
    /// No specific theme.
    pub no_specific: &'static str,
    /// Its most frequent themes.
    pub top_themes: &'static str,
    /// Intro of the keyness part.
    pub specific_help: &'static str,
    /// Atelier graph heading.
    pub atelier_graph: &'static str,
    /// Help for the atelier graph.
    pub atelier_graph_help: &'static str,
    /// In place of the atelier graph and its help, with fewer than two ateliers.
    pub atelier_graph_too_few: &'static str,
    /// In place of the atelier graph and its help, when no two ateliers are linked.
    pub atelier_graph_unlinked: &'static str,
    /// Strongest links between ateliers of different events.
    pub cross_links: &'static str,
    /// Shared themes.
    pub shared: &'static str,
    /// Similarity.
    pub similarity: &'static str,
    /// Theme graph heading.
    pub theme_graph: &'static str,
    /// Help for the theme graph.
    pub theme_graph_help: &'static str,
    /// A family (community) of themes.
    pub family: &'static str,
    /// Families heading.
    pub families: &'static str,
    /// Said after the families heading when there is none.
    pub no_families: &'static str,
    /// Bridging themes heading.
    pub bridges: &'static str,
    /// Help about bridging themes.
    pub bridges_help: &'static str,
    /// Betweenness.
    pub betweenness: &'static str,
    /// Method: scoring text.
    pub method_scoring: &'static [&'static str],
    /// Method: the scoring text's second and third paragraphs when themes recur across
    /// documents (a corpus of fewer than two ateliers, see [`RecurrenceUnit::Document`]).
    pub method_scoring_documents: [&'static str; 2],
    /// Method: trend text.
    pub method_trends: &'static str,
    /// Method: keyness text.
    /// (`{alpha}`: the run's threshold, see [`Words::method_keyness`].)
    pub method_keyness: &'static str,
    /// Method: graph text.
    pub method_graphs: &'static str,
    /// Parameters of this run.
    pub parameters: &'static str,
    /// Tool version.
    pub version: &'static str,
    /// Said of a build whose commit is unknown (built without git).
    pub unknown_commit: &'static str,
    /// Said of a build from sources modified since their commit.
    pub modified_sources: &'static str,
    /// Reproducibility note.
    pub reproducible: &'static str,
    /// Parameter names.
    pub param_top: &'static str,
    /// Parameter: minimum ateliers.
    pub param_min_ateliers: &'static str,
    /// Parameter: minimum documents (themes recurring across documents).
    pub param_min_documents: &'static str,
    /// Parameter: lexicon.
    pub param_lexicon: &'static str,
    /// Parameter: stop words.
    pub param_stopwords: &'static str,
    /// Parameter: anonymisation.
    pub param_anonymize: &'static str,
    /// Parameter: keyness threshold.
    pub param_alpha: &'static str,
    /// Parameter: graph measure.
    pub param_graph: &'static str,
    /// Parameter: seed.
    pub param_seed: &'static str,
    /// Yes.
    pub yes: &'static str,
    /// No.
    pub no: &'static str,
    /// Default (none given).
    pub default_value: &'static str,
    /// Chart: bars title.
    pub chart_bars: &'static str,
    /// Chart: bars axis.
    pub chart_bars_axis: &'static str,
    /// Chart: heatmap title.
    pub chart_heatmap: &'static str,
    /// Chart: trajectories title.
    pub chart_trajectories: &'static str,
    /// Chart: per 1,000 words.
    pub per_thousand: &'static str,
    /// Chart: atelier network title.
    pub chart_atelier_graph: &'static str,
    /// Chart: theme network title.
    pub chart_theme_graph: &'static str,
    /// Pseudonym prefix.
    pub pseudonym: &'static str,
    /// Replacement of a name part shared by several people.
    pub masked_name: &'static str,
    /// Anonymised note.
    pub anonymized_note: &'static str,
    /// Sort hint on tables.
    pub sort_hint: &'static str,
    /// Kinds of unit.
    pub kind_atelier: &'static str,
    /// Document unit.
    pub kind_document: &'static str,
    /// Plenary unit.
    pub kind_plenary: &'static str,
    /// Trend of one theme: persistent, emerging, fading, single event, intermittent, undated.
    pub trend_one: [&'static str; 6],
    /// Persistent.
    pub trend_persistent: &'static str,
    /// Emerging.
    pub trend_emerging: &'static str,
    /// Fading.
    pub trend_fading: &'static str,
    /// Single event.
    pub trend_single: &'static str,
    /// Intermittent.
    pub trend_intermittent: &'static str,
    /// No timeline.
    pub trend_undated: &'static str,
    /// Explanation of each trend class.
    pub trend_help: [&'static str; 6],
    /// Section kinds, in [`SectionKind::ALL`] order.
    pub sections: [&'static str; 8],
    /// Month names.
    pub months: [&'static str; 12],
    /// Data files list intro.
    pub files_intro: &'static str,
    /// Theme kinds: word, expression, lexicon.
    pub theme_kinds: [&'static str; 3],
}

/// French.
pub static FR: Words = Words {
    lang: Lang::Fr,
    report_title: "Rapport d'analyse",
    report_kicker: "Fil rouge : les thèmes récurrents",
    contents: "Sommaire",
    glance: "Le corpus en un coup d'œil",
    themes: "Les thèmes récurrents",
    trends: "Ce qui persiste, émerge ou s'efface",
    ateliers: "Profil de chaque atelier",
    graphs: "Liens entre ateliers et familles de thèmes",
    method: "Méthode",
    files: "Fichiers de cette analyse",
    event: "Événement",
    dates: "Dates",
    undated: "sans date",
    ateliers_col: "Ateliers",
    atelier: "Atelier",
    words: "Mots",
    documents: "Documents",
    skipped: "Fichiers ignorés",
    none_skipped: "Aucun fichier n'a été ignoré : tout le corpus a été analysé.",
    warnings: "Avertissements",
    warnings_intro: "Ces fichiers ont été analysés, mais leur lecture appelle une vérification :",
    warning: "Avertissement",
    file: "Fichier",
    reason: "Raison",
    rank: "Rang",
    theme: "Thème",
    score: "Score",
    occurrences: "Occurrences",
    events: "Événements",
    trend: "Tendance",
    dispersion: "Dispersion (D)",
    specificity: "Spécificité (S)",
    themes_intro: "Un thème est récurrent quand il revient dans plusieurs ateliers. Le score \
        multiplie deux mesures : la dispersion D (dans combien d'ateliers le thème revient, et avec \
        quel poids) et la spécificité S (à quel point le mot est propre à ces notes plutôt qu'au \
        français courant).",
    no_themes: [
        "Aucun thème ne revient dans au moins {min} (--min-ateliers {flag}) : le corpus est \
         peut-être trop petit.",
        "Aucun thème ne peut être récurrent : --min-ateliers {flag} demande {min}, et le corpus \
         en compte {units}.",
    ],
    components_help: "Lire le tableau : D augmente avec chaque atelier où le thème apparaît ; une \
        mention dans une synthèse ou une idée à creuser compte double. S vaut 1 pour un mot \
        typique des notes et s'approche de 0 pour un mot banal.",
    across_documents: [
        "Ce corpus n'a pas plusieurs ateliers : un thème est récurrent quand il revient dans \
         plusieurs documents. Le score multiplie deux mesures : la dispersion D (dans combien de \
         documents le thème revient, et avec quel poids) et la spécificité S (à quel point le mot \
         est propre à ces textes plutôt qu'au français courant).",
        "Lire le tableau : D augmente avec chaque document où le thème apparaît. S vaut 1 pour un \
         mot typique de ces textes et s'approche de 0 pour un mot banal.",
    ],
    quotes: "Ce qu'en disent les notes",
    colon: " : ",
    attribution: crate::reference::ATTRIBUTION,
    trends_intro: "Les événements datés sont comparés dans l'ordre chronologique : un thème \
        persistant est présent au premier et au dernier ; un thème émergent est absent du \
        premier et présent au dernier (il peut n'être apparu qu'au dernier) ; un thème en retrait \
        est présent au premier (peut-être là seulement) mais plus au dernier.",
    trends_none: "Il faut au moins deux événements datés pour suivre l'évolution des thèmes.",
    none: "aucun",
    question: "Question",
    porteurs: "Porteur·se·s",
    participants: "Participant·e·s nommé·e·s",
    specific_themes: "Thèmes propres à cet atelier",
    no_specific: "aucun thème nettement plus fréquent ici qu'ailleurs",
    top_themes: "Thèmes récurrents les plus présents",
    specific_help: "Un thème est propre à un atelier quand il y est nettement plus fréquent que \
        dans le reste du corpus (test du log-vraisemblance, au moins 3 mentions). Entre \
        parenthèses, ses mentions dans l'atelier : les plus mentionnés d'abord.",
    atelier_graph: "Les ateliers qui se ressemblent",
    atelier_graph_help: "Deux ateliers sont reliés quand ils partagent des préoccupations \
        (similarité cosinus de leurs profils de thèmes pondérés TF-IDF). Couleur : l'événement ; \
        épaisseur : la force du lien.",
    atelier_graph_too_few: "Il faut au moins deux ateliers pour les relier : pas de graphe des \
        ateliers.",
    atelier_graph_unlinked: "Deux ateliers sont reliés quand ils partagent des préoccupations \
        (similarité cosinus de leurs profils de thèmes pondérés TF-IDF) ; ici, aucune paire \
        d'ateliers n'en partage assez : pas de graphe des ateliers.",
    cross_links: "Liens les plus forts entre ateliers d'événements différents",
    shared: "Thèmes partagés",
    similarity: "Similarité",
    theme_graph: "Les familles de thèmes",
    theme_graph_help: "Deux thèmes sont reliés quand ils se rencontrent dans deux phrases au \
        moins, plus souvent que le hasard ne le voudrait (information mutuelle normalisée). Les \
        familles sont \
        les groupes de thèmes très liés entre eux (méthode de Louvain). Couleur : la famille ; \
        taille : le nombre de mentions.",
    family: "Famille",
    families: "Familles de thèmes",
    no_families: "aucune — trop peu de thèmes reviennent ensemble dans les mêmes phrases",
    bridges: "Thèmes passerelles",
    bridges_help: "Ces thèmes relient des familles entre elles : ils sont sur le plus grand nombre \
        de plus courts chemins du graphe (centralité d'intermédiarité).",
    betweenness: "intermédiarité",
    method_scoring: &[
        "Un thème est un mot (toutes ses formes, et les mots dérivés proches comme « essaimage » et \
         « essaimer »), une expression trouvée dans le corpus (« droit à l'erreur ») ou un thème \
         nommé dans un lexique. Il est toujours présenté par sa forme la plus fréquente.",
        "Il doit revenir dans au moins {min}. Son score est D × S.",
        "D, la dispersion, additionne sur chaque atelier le logarithme de 1 + ses mentions \
         pondérées : une mention compte 2 dans une synthèse ou une idée à creuser, 1,5 dans une \
         question, 1 dans les notes de discussion, 0,75 ailleurs et 0,25 dans un programme. Dix \
         mentions dans un seul long texte pèsent donc moins qu'une mention dans cinq ateliers.",
        "S, la spécificité, compare la fréquence du mot dans les notes à sa fréquence en français \
         courant : S = log₂(fréquence dans les notes / fréquence de référence) / 12, borné entre \
         0,02 et 1. Un mot 4 096 fois plus fréquent dans les notes qu'en français courant, ou \
         absent de la référence, obtient 1. Pour une expression, ce log₂ est la moyenne de ceux \
         de ses mots pleins (« à », « une » n'y comptent pas), plus un (une expression figée est \
         plus spécifique que ses mots) ; un thème du lexique est comparé, comme une famille de \
         mots, à la somme des fréquences de ses termes (un terme de plusieurs mots par le plus \
         rare de son premier et de son dernier mot). \
         Comme dans les notes, les mots vides sont laissés de côté dans les fréquences de \
         référence.",
        "Les mots qui structurent les notes plutôt qu'ils ne portent une préoccupation \
         (« question », « atelier », « faire », « exemple »…) ne sont jamais des thèmes à eux \
         seuls ; ils peuvent entrer dans une expression (« faire évoluer »). Les noms des \
         personnes ne sont jamais des thèmes, ni les expressions qui en contiennent ou qui \
         commencent ou finissent par un mot vide.",
    ],
    method_scoring_documents: [
        "Ce corpus n'a pas plusieurs ateliers (par exemple les réponses d'une consultation) : la \
         récurrence se mesure entre documents. Un thème doit revenir dans au moins {min}. Son \
         score est D × S.",
        "D, la dispersion, vaut n × ln(1 + W / n), où n est le nombre de documents où le thème \
         apparaît et W ses mentions pondérées : une mention compte 2 dans une synthèse ou une \
         idée à creuser, 1,5 dans une question, 1 dans les notes de discussion, 0,75 ailleurs et \
         0,25 dans un programme. Un thème présent dans beaucoup de documents l'emporte sur un \
         thème répété dans peu d'entre eux.",
    ],
    method_trends: "Tendance : présence du thème dans le premier et le dernier événement daté \
        (voir plus haut). Les courbes donnent le nombre de mentions pour 1 000 mots de chaque \
        événement.",
    method_keyness: "Thèmes propres : log-vraisemblance G² (Dunning) d'un atelier contre le reste \
        du corpus, seuil p < {alpha}, au moins 3 mentions, et taille d'effet en log-ratio.",
    method_graphs: "Graphes : thèmes reliés par l'information mutuelle normalisée de leurs \
        co-occurrences dans une phrase (seuil 0,1) ; ateliers reliés par la similarité cosinus \
        (seuil 0,1 ; chacun garde ses 25 liens les plus forts) ; familles par la méthode de Louvain et disposition par forces, toutes deux \
        avec une graine fixe.",
    parameters: "Paramètres de cette analyse",
    version: "Version de filrouge",
    unknown_commit: "commit inconnu",
    modified_sources: "sources modifiées",
    reproducible: "Les mêmes fichiers analysés avec les mêmes paramètres donnent exactement les \
        mêmes résultats. Le fichier run.json liste les empreintes SHA-256 des fichiers analysés, \
        pour pouvoir citer cette analyse.",
    param_top: "Thèmes présentés",
    param_min_ateliers: "Ateliers minimum pour un thème récurrent",
    param_min_documents: "Documents minimum pour un thème récurrent",
    param_lexicon: "Lexique",
    param_stopwords: "Mots vides ajoutés",
    param_anonymize: "Noms remplacés par des pseudonymes",
    param_alpha: "Seuil des thèmes propres (p)",
    param_graph: "Mesure des liens entre thèmes",
    param_seed: "Graine (familles et disposition)",
    yes: "oui",
    no: "non",
    default_value: "aucun",
    chart_bars: "Les thèmes récurrents les mieux classés",
    chart_bars_axis: "Score (dispersion × spécificité)",
    chart_heatmap: "Mentions de chaque thème par atelier",
    chart_trajectories: "Évolution des thèmes d'un événement à l'autre",
    per_thousand: "Mentions pour 1 000 mots",
    chart_atelier_graph: "Ateliers reliés par leurs préoccupations communes",
    chart_theme_graph: "Thèmes qui reviennent ensemble, par famille",
    pseudonym: "Participant·e",
    masked_name: "[nom]",
    anonymized_note: "Les noms des participants et des porteurs listés dans les notes ont été \
        remplacés par des pseudonymes (« Participant·e 3 »), et les autres noms écrits après un \
        prénom courant par [nom]. Un nom écrit autrement peut subsister : relisez le rapport \
        avant de le diffuser.",
    sort_hint: "Cliquer sur un en-tête de colonne pour trier.",
    kind_atelier: "atelier",
    kind_document: "document",
    kind_plenary: "plénière",
    trend_one: [
        "persistant",
        "émergent",
        "en retrait",
        "un seul événement daté",
        "intermittent",
        "sans chronologie",
    ],
    trend_persistent: "thèmes persistants",
    trend_emerging: "thèmes émergents",
    trend_fading: "thèmes en retrait",
    trend_single: "thèmes d'un seul événement daté",
    trend_intermittent: "thèmes intermittents",
    trend_undated: "thèmes sans chronologie",
    trend_help: [
        "présents au premier et au dernier événement daté",
        "absents au premier événement daté, présents au dernier",
        "présents au premier événement daté, absents au dernier",
        "présents dans un seul événement daté, ni le premier ni le dernier",
        "absents au premier et au dernier événement daté, présents dans au moins deux entre eux",
        "moins de deux événements datés, ou aucun où le thème paraît : pas de chronologie",
    ],
    sections: [
        "question",
        "synthèse",
        "discussion",
        "idées à creuser",
        "participants",
        "porteur",
        "programme",
        "autre partie",
    ],
    months: crate::corpus::date::FRENCH_MONTHS,
    files_intro: "Le dossier de ce rapport contient aussi :",
    theme_kinds: ["mot", "expression", "lexique"],
};

/// English.
pub static EN: Words = Words {
    lang: Lang::En,
    report_title: "Analysis report",
    report_kicker: "Fil rouge: the recurring themes",
    contents: "Contents",
    glance: "The corpus at a glance",
    themes: "The recurring themes",
    trends: "What persists, emerges or fades",
    ateliers: "Profile of each atelier",
    graphs: "Links between ateliers and families of themes",
    method: "Method",
    files: "Files of this run",
    event: "Event",
    dates: "Dates",
    undated: "no date",
    ateliers_col: "Ateliers",
    atelier: "Atelier",
    words: "Words",
    documents: "Documents",
    skipped: "Skipped files",
    none_skipped: "No file was skipped: the whole corpus was analysed.",
    warnings: "Warnings",
    warnings_intro: "These files were analysed, but how they were read is worth checking \
                     (messages in French, as the command line gives them):",
    warning: "Warning",
    file: "File",
    reason: "Reason",
    rank: "Rank",
    theme: "Theme",
    score: "Score",
    occurrences: "Occurrences",
    events: "Events",
    trend: "Trend",
    dispersion: "Dispersion (D)",
    specificity: "Specificity (S)",
    themes_intro: "A theme is recurring when it comes back in several ateliers. The score \
        multiplies two measures: dispersion D (in how many ateliers the theme comes back, and how \
        strongly) and specificity S (how typical the word is of these notes rather than of \
        everyday French).",
    no_themes: [
        "No theme comes back in at least {min} (--min-ateliers {flag}): the corpus may be too \
         small.",
        "No theme can be recurring: --min-ateliers {flag} asks for {min}, and the corpus has \
         {units}.",
    ],
    components_help: "Reading the table: D grows with each atelier where the theme appears; a \
        mention in a synthesis or an idea to explore counts double. S is 1 for a word typical of \
        the notes and close to 0 for a common word.",
    across_documents: [
        "This corpus does not have several ateliers: a theme is recurring when it comes back in \
         several documents. The score multiplies two measures: dispersion D (in how many \
         documents the theme comes back, and how strongly) and specificity S (how typical the \
         word is of these texts rather than of everyday French).",
        "Reading the table: D grows with each document where the theme appears. S is 1 for a \
         word typical of these texts and close to 0 for a common word.",
    ],
    quotes: "What the notes say",
    colon: ": ",
    attribution: "General-French reference frequencies: wordfreq (Robyn Speer, \
        https://github.com/rspeer/wordfreq), data under the CC BY-SA 4.0 licence",
    trends_intro: "Dated events are compared in chronological order: a persistent theme is present \
        in the first and the last; an emerging theme is absent from the first and present in \
        the last (it may have appeared only there); a fading theme is present in the first (maybe \
        only there) but no longer in the last.",
    trends_none: "At least two dated events are needed to follow how themes evolve.",
    none: "none",
    question: "Question",
    porteurs: "Question holders",
    participants: "Participants named",
    specific_themes: "Themes specific to this atelier",
    no_specific: "no theme clearly more frequent here than elsewhere",
    top_themes: "Most present recurring themes",
    specific_help: "A theme is specific to an atelier when it is clearly more frequent there than \
        in the rest of the corpus (log-likelihood test, at least 3 mentions). In brackets, its \
        mentions in the atelier: most mentioned first.",
    atelier_graph: "Ateliers that resemble each other",
    atelier_graph_help: "Two ateliers are linked when they share concerns (cosine similarity of \
        their TF-IDF weighted theme profiles). Colour: the event; width: the strength of the link.",
    atelier_graph_too_few: "At least two ateliers are needed to link them: no atelier graph.",
    atelier_graph_unlinked: "Two ateliers are linked when they share concerns (cosine similarity \
        of their TF-IDF weighted theme profiles); here no pair of ateliers shares enough: no \
        atelier graph.",
    cross_links: "Strongest links between ateliers of different events",
    shared: "Shared themes",
    similarity: "Similarity",
    theme_graph: "Families of themes",
    theme_graph_help: "Two themes are linked when they meet in two sentences or more, more often \
        than chance would have it (normalised mutual information). Families are groups of closely \
        linked themes (Louvain method). Colour: the family; size: the number of mentions.",
    family: "Family",
    families: "Families of themes",
    no_families: "none — too few themes come back together in the same sentences",
    bridges: "Bridging themes",
    bridges_help: "These themes link families together: they lie on the largest number of \
        shortest paths of the graph (betweenness centrality).",
    betweenness: "betweenness",
    method_scoring: &[
        "A theme is a word (all its forms, and closely derived words such as « essaimage » and \
         « essaimer »), an expression found in the corpus (« droit à l'erreur ») or a theme named \
         in a lexicon. It is always shown by its most frequent form.",
        "It must come back in at least {min}. Its score is D × S.",
        "D, dispersion, sums over ateliers the logarithm of 1 + its weighted mentions: a mention \
         counts 2 in a synthesis or an idea to explore, 1.5 in a question, 1 in discussion notes, \
         0.75 elsewhere and 0.25 in a programme. Ten mentions in one long text thus weigh less \
         than one mention in each of five ateliers.",
        "S, specificity, compares the frequency of the word in the notes with its frequency in \
         everyday French: S = log₂(frequency in the notes / reference frequency) / 12, clamped \
         between 0.02 and 1. A word 4,096 times more frequent in the notes than in everyday French, \
         or absent from the reference, gets 1. For an expression, this log₂ is the mean of those \
         of its content words (« à », « une » do not count), plus one (a fixed expression is more \
         specific than its words); a lexicon theme is compared, as a family of words is, with \
         the sum of its terms' frequencies (a term of several words by the rarer of its first and \
         last words). As in the notes, stop words are left out of the reference frequencies.",
        "Words that structure notes rather than carry a concern (« question », « atelier », \
         « faire », « exemple »…) are never themes on their own; they can be part of an \
         expression (« faire évoluer »). People's names are never themes, nor are expressions \
         that hold one or begin or end with a stop word.",
    ],
    method_scoring_documents: [
        "This corpus does not have several ateliers (the answers to a consultation, say): \
         recurrence is measured across documents. A theme must come back in at least {min}. Its score is D × S.",
        "D, dispersion, is n × ln(1 + W / n), where n is the number of documents the theme occurs \
         in and W its weighted mentions: a mention counts 2 in a synthesis or an idea to explore, \
         1.5 in a question, 1 in discussion notes, 0.75 elsewhere and 0.25 in a programme. A \
         theme found in many documents outweighs one repeated in a few.",
    ],
    method_trends: "Trend: presence of the theme in the first and the last dated event (see \
        above). Lines give the number of mentions per 1,000 words of each event.",
    method_keyness: "Specific themes: log-likelihood G² (Dunning) of an atelier against the rest of \
        the corpus, threshold p < {alpha}, at least 3 mentions, and effect size as log ratio.",
    method_graphs: "Graphs: themes linked by the normalised mutual information of their \
        co-occurrences in a sentence (threshold 0.1); ateliers linked by cosine similarity \
        (threshold 0.1; each keeps its 25 strongest links); families by the Louvain method and a force-directed layout, both with a \
        fixed seed.",
    parameters: "Parameters of this run",
    version: "filrouge version",
    unknown_commit: "unknown commit",
    modified_sources: "modified sources",
    reproducible: "The same files analysed with the same parameters give exactly the same results. \
        The file run.json lists the SHA-256 fingerprints of the analysed files, so this analysis \
        can be cited.",
    param_top: "Themes shown",
    param_min_ateliers: "Minimum ateliers for a recurring theme",
    param_min_documents: "Minimum documents for a recurring theme",
    param_lexicon: "Lexicon",
    param_stopwords: "Extra stop words",
    param_anonymize: "Names replaced by pseudonyms",
    param_alpha: "Threshold of specific themes (p)",
    param_graph: "Measure of links between themes",
    param_seed: "Seed (families and layout)",
    yes: "yes",
    no: "no",
    default_value: "none",
    chart_bars: "The best ranked recurring themes",
    chart_bars_axis: "Score (dispersion × specificity)",
    chart_heatmap: "Mentions of each theme per atelier",
    chart_trajectories: "How themes evolve from one event to the next",
    per_thousand: "Mentions per 1,000 words",
    chart_atelier_graph: "Ateliers linked by shared concerns",
    chart_theme_graph: "Themes that come back together, by family",
    pseudonym: "Participant",
    masked_name: "[name]",
    anonymized_note: "The names of the participants and porteurs the notes list have been \
        replaced by pseudonyms (« Participant·e 3 »), and other names written after a common \
        first name by [nom]. A name written otherwise may remain: read the report before sharing \
        it.",
    sort_hint: "Click a column header to sort.",
    kind_atelier: "atelier",
    kind_document: "document",
    kind_plenary: "plenary",
    trend_one: [
        "persistent",
        "emerging",
        "fading",
        "single dated event",
        "intermittent",
        "no timeline",
    ],
    trend_persistent: "persistent themes",
    trend_emerging: "emerging themes",
    trend_fading: "fading themes",
    trend_single: "themes of one dated event",
    trend_intermittent: "intermittent themes",
    trend_undated: "themes without a timeline",
    trend_help: [
        "present in the first and the last dated event",
        "absent from the first dated event, present in the last",
        "present in the first dated event, absent from the last",
        "present in one dated event only, neither the first nor the last",
        "absent from the first and the last dated event, present in two or more between them",
        "fewer than two dated events, or none where the theme occurs: no timeline",
    ],
    sections: [
        "question",
        "synthesis",
        "discussion",
        "ideas to explore",
        "participants",
        "question holder",
        "programme",
        "other part",
    ],
    months: crate::corpus::date::ENGLISH_MONTHS,
    files_intro: "The folder of this report also holds:",
    theme_kinds: ["word", "expression", "lexicon"],
};

/// `atelier` or `document`, by what themes recur across.
fn by_unit<T>(unit: RecurrenceUnit, atelier: T, document: T) -> T {
    match unit {
        RecurrenceUnit::Atelier => atelier,
        RecurrenceUnit::Document => document,
    }
}

impl Words {
    /// The trend of one theme (`persistant`).
    pub fn trend(&self, t: Trend) -> &'static str {
        self.trend_one[trend_index(t)]
    }

    /// The heading of a trend class (`thèmes persistants`).
    pub fn trend_class(&self, t: Trend) -> &'static str {
        match t {
            Trend::Persistent => self.trend_persistent,
            Trend::Emerging => self.trend_emerging,
            Trend::Fading => self.trend_fading,
            Trend::SingleEvent => self.trend_single,
            Trend::Intermittent => self.trend_intermittent,
            Trend::Undated => self.trend_undated,
        }
    }

    /// What a trend class means.
    pub fn trend_meaning(&self, t: Trend) -> &'static str {
        self.trend_help[trend_index(t)]
    }

    /// The label of a section kind.
    pub fn section(&self, k: SectionKind) -> &'static str {
        let i = SectionKind::ALL
            .iter()
            .position(|x| *x == k)
            .unwrap_or(SectionKind::ALL.len() - 1);
        self.sections[i]
    }

    /// The label of a unit kind.
    pub fn atelier_kind(&self, k: AtelierKind) -> &'static str {
        match k {
            AtelierKind::Atelier => self.kind_atelier,
            AtelierKind::Document => self.kind_document,
            AtelierKind::Plenary => self.kind_plenary,
        }
    }

    /// The heatmap's title when it shows `shown` of the `total` ateliers (see
    /// [`super::charts::HEATMAP_COLUMNS`]); `whole_in` names the data file that holds them all,
    /// when this run writes it.
    pub fn chart_heatmap_top(&self, shown: usize, total: usize, whole_in: Option<&str>) -> String {
        let total = number(self.lang, total as f64, 0);
        let (head, tail) = if self.lang == Lang::En {
            (
                format!(
                    "{}: the {shown} ateliers (of {total}) where these themes come back most",
                    self.chart_heatmap
                ),
                whole_in.map(|f| format!(" — all in {f}")),
            )
        } else {
            (
                format!(
                    "{} : les {shown} ateliers (sur {total}) où ces thèmes reviennent le plus",
                    self.chart_heatmap
                ),
                whole_in.map(|f| format!(" — tous dans {f}")),
            )
        };
        head + tail.as_deref().unwrap_or("")
    }

    /// What stands in place of the atelier graph and its help when it is not drawn.
    pub fn no_atelier_graph(&self, why: NoAtelierGraph) -> &'static str {
        match why {
            NoAtelierGraph::TooFew => self.atelier_graph_too_few,
            NoAtelierGraph::Unlinked => self.atelier_graph_unlinked,
        }
    }

    /// The atelier graph's title when it draws `shown` of the `total` ateliers (see
    /// [`super::charts::NETWORK_ATELIERS`]). `linked`: whether any atelier drawn is linked (the
    /// best linked are drawn first, which says nothing when none is); `whole_in` names the data
    /// file that holds the whole graph, when this run writes it.
    pub fn chart_atelier_graph_top(
        &self,
        shown: usize,
        total: usize,
        linked: bool,
        whole_in: Option<&str>,
    ) -> String {
        let total = number(self.lang, total as f64, 0);
        let en = self.lang == Lang::En;
        let mut title = if en {
            format!(
                "{}: {shown} ateliers (of {total})",
                self.chart_atelier_graph
            )
        } else {
            format!(
                "{} : {shown} ateliers (sur {total})",
                self.chart_atelier_graph
            )
        };
        if linked {
            title += if en {
                ", the best linked of each group"
            } else {
                ", les plus reliés de chaque groupe"
            };
        }
        if let Some(f) = whole_in {
            title += &if en {
                format!(" — all in {f}")
            } else {
                format!(" — tous dans {f}")
            };
        }
        title
    }

    /// A count and what it counts, singular for one (and zero, in French: `1 atelier`,
    /// `2 ateliers`, `6 898 mots`), the count localised.
    pub fn counted(&self, n: u64, what: Counted) -> String {
        let en = self.lang == Lang::En;
        let (one, many) = match what {
            Counted::Ateliers => ("atelier", "ateliers"),
            Counted::Documents => ("document", "documents"),
            Counted::Words if en => ("word", "words"),
            Counted::Words => ("mot", "mots"),
            Counted::Mentions => ("mention", "mentions"),
        };
        // French takes the singular for 0 too (`0 fichier ignoré`, as the command line says).
        let singular = if en { n == 1 } else { n <= 1 };
        format!(
            "{} {}",
            count(self.lang, n),
            if singular { one } else { many }
        )
    }

    /// The method's scoring paragraphs for themes recurring across `unit`, in at least `min` of
    /// them.
    pub fn method_scoring(&self, unit: RecurrenceUnit, min: usize) -> Vec<String> {
        let mut out: Vec<&str> = self.method_scoring.to_vec();
        if unit == RecurrenceUnit::Document {
            out[1] = self.method_scoring_documents[0];
            out[2] = self.method_scoring_documents[1];
        }
        let min = self.counted(
            min as u64,
            by_unit(unit, Counted::Ateliers, Counted::Documents),
        );
        out.iter().map(|p| p.replace("{min}", &min)).collect()
    }

    /// The method's paragraph on specific themes, with the run's p-value threshold `alpha`
    /// (`--alpha`; it said 0,001 whatever the run's).
    pub fn method_keyness(&self, alpha: f64) -> String {
        self.method_keyness
            .replace("{alpha}", &p_threshold(self.lang, alpha))
    }

    /// What the report says when no theme recurs in `min` of the corpus's `units` ateliers (or
    /// documents, as `unit` says): that `--min-ateliers` asks for more than the corpus has, when
    /// it does (the report used to blame a small corpus, or one of one atelier, whatever the
    /// cause).
    pub fn no_themes(&self, unit: RecurrenceUnit, min: usize, units: usize) -> String {
        let what = by_unit(unit, Counted::Ateliers, Counted::Documents);
        let text = self.no_themes[usize::from(min > units)];
        text.replace("{min}", &self.counted(min as u64, what))
            .replace("{flag}", &min.to_string())
            .replace("{units}", &count(self.lang, units as u64))
    }

    /// The introduction of the themes table, for themes recurring across `unit`.
    pub fn themes_intro(&self, unit: RecurrenceUnit) -> &'static str {
        by_unit(unit, self.themes_intro, self.across_documents[0])
    }

    /// How to read D and S, for themes recurring across `unit`.
    pub fn components_help(&self, unit: RecurrenceUnit) -> &'static str {
        by_unit(unit, self.components_help, self.across_documents[1])
    }

    /// The themes table's column of what themes recur across.
    pub fn spread_col(&self, unit: RecurrenceUnit) -> &'static str {
        by_unit(unit, self.ateliers_col, "Documents")
    }

    /// How widely a theme recurs, counted: `5 ateliers`, or `3 120 documents` when themes
    /// recur across documents.
    pub fn spread(
        &self,
        unit: RecurrenceUnit,
        rec: &crate::themes::evidence::ThemeRecord,
    ) -> String {
        let what = by_unit(unit, Counted::Ateliers, Counted::Documents);
        self.counted(rec.spread(unit), what)
    }

    /// The minimum-recurrence parameter's name for themes recurring across `unit`.
    pub fn param_min_recurrence(&self, unit: RecurrenceUnit) -> &'static str {
        by_unit(unit, self.param_min_ateliers, self.param_min_documents)
    }

    /// A measure of theme links, named for a reader (`npmi (information mutuelle ponctuelle
    /// normalisée)`).
    pub fn measure(&self, m: Measure) -> String {
        let en = self.lang == Lang::En;
        let name = match m {
            Measure::Count if en => "co-occurrences",
            Measure::Count => "nombre de co-occurrences",
            Measure::Jaccard if en => "Jaccard index",
            Measure::Jaccard => "indice de Jaccard",
            Measure::Dice if en => "Dice coefficient",
            Measure::Dice => "coefficient de Dice",
            Measure::Npmi if en => "normalised pointwise mutual information",
            Measure::Npmi => "information mutuelle ponctuelle normalisée",
            Measure::LogLikelihood if en => "log-likelihood G²",
            Measure::LogLikelihood => "log-vraisemblance G²",
            Measure::Cosine if en => "cosine",
            Measure::Cosine => "cosinus",
        };
        format!("{} ({name})", m.as_str())
    }

    /// What follows a list cut short: `… et 213 autres`.
    pub fn and_more(&self, n: usize) -> String {
        let c = count(self.lang, n as u64);
        match (self.lang == Lang::En, n) {
            (true, _) => format!("… and {c} more"),
            (false, 1) => "… et 1 autre".into(),
            (false, _) => format!("… et {c} autres"),
        }
    }

    /// "1 événement", "3 événements" (singular for 0 too, in French).
    pub fn n_events(&self, n: usize) -> String {
        let c = count(self.lang, n as u64);
        match (self.lang == Lang::En, n) {
            (false, 0 | 1) => format!("{c} événement"),
            (false, _) => format!("{c} événements"),
            (true, 1) => "1 event".into(),
            (true, _) => format!("{c} events"),
        }
    }

    /// A date written out (`14 septembre 2020`, `14 September 2020`).
    pub fn date(&self, d: Date) -> String {
        format!(
            "{} {} {}",
            d.day,
            self.months[usize::from(d.month) - 1],
            d.year
        )
    }

    /// A date range written out, what the two ends share written once (`16–17 novembre 2021`,
    /// `29 janvier – 8 février 2013`, `30 décembre 2020 – 2 janvier 2021`).
    pub fn date_range(&self, r: DateRange) -> String {
        let (a, b) = (r.start, r.end);
        let month = |d: Date| self.months[usize::from(d.month) - 1];
        if a == b {
            self.date(a)
        } else if a.year == b.year && a.month == b.month {
            format!("{}–{} {} {}", a.day, b.day, month(a), a.year)
        } else if a.year == b.year {
            format!("{} {} – {}", a.day, month(a), self.date(b))
        } else {
            format!("{} – {}", self.date(a), self.date(b))
        }
    }
}

fn trend_index(t: Trend) -> usize {
    match t {
        Trend::Persistent => 0,
        Trend::Emerging => 1,
        Trend::Fading => 2,
        Trend::SingleEvent => 3,
        Trend::Intermittent => 4,
        Trend::Undated => 5,
    }
}

/// Formats a number with `decimals` decimals, the French way (decimal comma, narrow no-break
/// space between thousands) or the English way.
pub fn number(lang: Lang, x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(a, b)| (a, b));
    let sep = match lang {
        Lang::Fr => "\u{202f}",
        Lang::En => ",",
    };
    let mut grouped = String::new();
    let digits: Vec<char> = int.chars().collect();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push_str(sep);
        }
        grouped.push(*c);
    }
    let sign = if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "−"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        let point = if lang == Lang::Fr { "," } else { "." };
        format!("{sign}{grouped}{point}{frac}")
    }
}

/// Why a file was skipped, in words.
pub fn skip_reason(lang: Lang, r: &SkipReason) -> String {
    match lang {
        Lang::En => r.to_string(),
        Lang::Fr => match r {
            SkipReason::Empty => "fichier vide".into(),
            SkipReason::Binary => "fichier binaire, pas du texte".into(),
            SkipReason::NotFound => "cité dans le manifeste mais introuvable".into(),
            SkipReason::Unreadable(e) => format!("illisible : {e}"),
            SkipReason::Unsupported => {
                "format non pris en charge (filrouge lit .md, .markdown, .txt, .jsonl, .docx, \
                 .odt, .pdf, .html, .htm, .csv, .tsv)"
                    .into()
            }
            SkipReason::NotAFile => {
                "pas un fichier ordinaire (tube nommé, socket ou périphérique)".into()
            }
            SkipReason::FolderDocumentation => {
                "documentation du dossier (README, SOURCES…), pas des notes : listez-le dans \
                 filrouge.toml pour l'analyser"
                    .into()
            }
            SkipReason::InvalidJson(e) => format!("ligne qui n'est pas un objet JSON : {e}"),
            SkipReason::MissingText(f) => format!("pas de texte dans le champ « {f} »"),
            SkipReason::NotText { field, found } => format!(
                "le champ « {field} » contient {}, pas du texte",
                crate::corpus::jsonl::kind_fr(found)
            ),
            SkipReason::Corrupt(e) => format!("fichier corrompu : {e}"),
            SkipReason::TooLarge { what, limit } => {
                format!(
                    "trop volumineux : {} (limite {limit} octets)",
                    oversize_fr(what)
                )
            }
            SkipReason::NoTextLayer => "pas de couche texte (PDF scanné ?)".into(),
            SkipReason::Encrypted => "fichier chiffré (protégé par mot de passe)".into(),
            SkipReason::WrongContent {
                format,
                expected,
                found,
            } => format!(
                "n'est pas un vrai fichier .{} : il devrait contenir {}, il contient {}",
                format.as_str(),
                expected.describe_fr(),
                found.describe_fr()
            ),
            SkipReason::MissingColumn { column, columns } => {
                // A first line of blanks or bare separators said « (colonnes : , , ) ».
                let named = named_columns(columns);
                let found = if named.is_empty() {
                    "la première ligne ne nomme aucune colonne".to_string()
                } else {
                    format!("colonnes : {named}")
                };
                format!(
                    "pas de colonne « {column} » ({found}) ; nommez la colonne du texte dans \
                     les `fields` du manifeste"
                )
            }
        },
    }
}

/// The named columns of a CSV header, joined by commas (empty when none has a name): the columns
/// a [`SkipReason::MissingColumn`] message lists.
pub fn named_columns(columns: &[String]) -> String {
    columns
        .iter()
        .map(String::as_str)
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// [`Oversize`] in French.
fn oversize_fr(what: &Oversize) -> String {
    match what {
        Oversize::File { bytes } => format!("le fichier fait {bytes} octets"),
        Oversize::Line { bytes } => format!("une ligne de {bytes} octets"),
        Oversize::Document { bytes } => format!("un document de {bytes} octets"),
        Oversize::Entry { name, declared } => {
            format!("{name} annonce {declared} octets une fois décompressé")
        }
        Oversize::Inflates {
            name,
            declared,
            compressed,
        } => format!(
            "{name} se décompresse {} fois ({declared} octets pour {compressed}) : une bombe \
             zip ?",
            declared / (*compressed).max(1)
        ),
        Oversize::InflatesPast { name, declared } => {
            format!("{name} dépasse à la décompression les {declared} octets annoncés")
        }
    }
}

/// What a count counts, for [`Words::counted`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// Ateliers (the word is the same in the English report).
    Ateliers,
    /// Documents.
    Documents,
    /// Word tokens.
    Words,
    /// A theme's mentions.
    Mentions,
}

/// A p-value threshold as given, every digit kept (`0,001`, `0,00005`): rounded to a fixed
/// number of decimals, `--alpha 0.0001` read `0,000`.
pub fn p_threshold(lang: Lang, p: f64) -> String {
    let s = p.to_string();
    match lang {
        Lang::Fr => s.replace('.', ","),
        Lang::En => s,
    }
}

/// Formats a count.
pub fn count(lang: Lang, n: u64) -> String {
    number(lang, n as f64, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file skipped for its size or its content is told in French, with what and how large.
    #[test]
    fn size_and_content_reasons_are_french() {
        let r = SkipReason::TooLarge {
            what: Oversize::Line { bytes: 12 },
            limit: 10,
        };
        assert_eq!(
            skip_reason(Lang::Fr, &r),
            "trop volumineux : une ligne de 12 octets (limite 10 octets)"
        );
        assert_eq!(
            skip_reason(Lang::En, &r),
            "too large: a line of 12 bytes (limit 10 bytes)"
        );
        let r = SkipReason::WrongContent {
            format: crate::corpus::readers::SourceFormat::Docx,
            expected: crate::corpus::readers::Magic::Zip,
            found: crate::corpus::readers::Magic::Text,
        };
        assert_eq!(
            skip_reason(Lang::Fr, &r),
            "n'est pas un vrai fichier .docx : il devrait contenir une archive zip, il contient \
             du texte brut"
        );
    }

    /// One of anything is singular: the Grand Débat file is one event of « 1 atelier ».
    #[test]
    fn counts_agree_with_their_noun() {
        let fr = Lang::Fr.words();
        assert_eq!(fr.counted(1, Counted::Ateliers), "1 atelier");
        assert_eq!(fr.counted(9, Counted::Ateliers), "9 ateliers");
        assert_eq!(fr.counted(6898, Counted::Words), "6\u{202f}898 mots");
        assert_eq!(fr.counted(1, Counted::Documents), "1 document");
        assert_eq!(fr.counted(0, Counted::Mentions), "0 mention");
        assert_eq!(fr.n_events(0), "0 événement");
        assert_eq!(fr.n_events(1200), "1\u{202f}200 événements");
        assert_eq!(Lang::En.words().counted(0, Counted::Ateliers), "0 ateliers");
        assert_eq!(Lang::En.words().counted(1, Counted::Words), "1 word");
        assert_eq!(Lang::En.words().counted(2, Counted::Mentions), "2 mentions");
    }

    #[test]
    fn numbers_are_localised() {
        assert_eq!(number(Lang::Fr, 6918.0, 0), "6\u{202f}918");
        assert_eq!(number(Lang::En, 6918.0, 0), "6,918");
        assert_eq!(number(Lang::Fr, 1.23456, 2), "1,23");
        assert_eq!(number(Lang::En, 1234567.5, 1), "1,234,567.5");
        assert_eq!(number(Lang::Fr, -0.001, 2), "0,00");
        assert_eq!(number(Lang::Fr, -2.5, 1), "−2,5");
    }

    #[test]
    fn dates_are_written_out() {
        let d = |y, m, d| Date::new(y, m, d).unwrap();
        let r = DateRange {
            start: d(2021, 11, 16),
            end: d(2021, 11, 17),
        };
        assert_eq!(FR.date_range(r), "16–17 novembre 2021");
        assert_eq!(EN.date_range(r), "16–17 November 2021");
        assert_eq!(r.short(), "16–17/11/2021");
        let months = DateRange {
            start: d(2013, 1, 29),
            end: d(2013, 2, 8),
        };
        assert_eq!(FR.date_range(months), "29 janvier – 8 février 2013");
        assert_eq!(EN.date_range(months), "29 January – 8 February 2013");
        let years = DateRange {
            start: d(2020, 12, 30),
            end: d(2021, 1, 2),
        };
        assert_eq!(FR.date_range(years), "30 décembre 2020 – 2 janvier 2021");
        assert_eq!(FR.n_events(1), "1 événement");
        assert_eq!(EN.n_events(3), "3 events");
    }

    #[test]
    fn a_cut_heatmap_says_what_it_shows() {
        assert_eq!(
            FR.chart_heatmap_top(60, 1353, Some("data/theme_atelier.csv")),
            "Mentions de chaque thème par atelier : les 60 ateliers (sur 1\u{202f}353) où ces \
             thèmes reviennent le plus — tous dans data/theme_atelier.csv"
        );
        assert_eq!(
            EN.chart_heatmap_top(60, 353, Some("data/theme_atelier.csv")),
            "Mentions of each theme per atelier: the 60 ateliers (of 353) where these themes \
             come back most — all in data/theme_atelier.csv"
        );
        // No data file written, none pointed to.
        assert_eq!(
            FR.chart_heatmap_top(60, 1353, None),
            "Mentions de chaque thème par atelier : les 60 ateliers (sur 1\u{202f}353) où ces \
             thèmes reviennent le plus"
        );
    }

    #[test]
    fn a_cut_atelier_graph_says_what_it_shows() {
        assert_eq!(
            FR.chart_atelier_graph_top(150, 5000, true, Some("data/atelier-graph.gexf")),
            "Ateliers reliés par leurs préoccupations communes : 150 ateliers (sur 5\u{202f}000), \
             les plus reliés de chaque groupe — tous dans data/atelier-graph.gexf"
        );
        assert_eq!(
            EN.chart_atelier_graph_top(150, 5000, true, Some("data/atelier-graph.gexf")),
            "Ateliers linked by shared concerns: 150 ateliers (of 5,000), the best linked of \
             each group — all in data/atelier-graph.gexf"
        );
        // Unlinked ateliers are not "the best linked"; an unwritten file is not pointed to.
        assert_eq!(
            FR.chart_atelier_graph_top(150, 5000, false, None),
            "Ateliers reliés par leurs préoccupations communes : 150 ateliers (sur 5\u{202f}000)"
        );
    }

    /// The method says how many links an atelier keeps, and it is what the graph does.
    #[test]
    fn the_method_gives_the_atelier_link_limit() {
        let k = crate::graph::from_themes::GraphOptions::default().max_links;
        assert!(
            FR.method_graphs
                .contains(&format!("ses {k} liens les plus forts"))
        );
        assert!(
            EN.method_graphs
                .contains(&format!("its {k} strongest links"))
        );
    }
}
