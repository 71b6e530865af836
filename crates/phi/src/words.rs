//! The closed word lists the rules are made of: titles, introductions, relation and role words,
//! credentials, verbs of moving, place prepositions, facility words, calendar words. They live
//! apart from the rules because the word classes of every token ([`crate::tokens::class`]) are
//! built from them, and both the name and the place rules read those classes.

/// Words that introduce a name, and how they are explained.
pub(crate) const TITLES: &[&str] = &[
    "dr", "drs", "doctor", "docter", "mr", "mrs", "ms", "miss", "mister", "missus", "prof", "professor", "nurse", "rev", "reverend", "rabbi", "pastor", "fr", "imam",
];

pub(crate) const INTRO: &[&[&str]] = &[
    &["name", "is"],
    // "Name: Ana Ruiz", "your last name? Boyle" (only before ':' or '?', see `find`).
    &["name"],
    // "RE: Quelbeck, Zorvina" (only before ':').
    &["re"],
    &["named"],
    &["called"],
    // "only able to reach Dale", "paged Dana".
    &["reach"],
    &["reached"],
    &["paged"],
    &["page"],
    &["this", "is"],
    &["i'm"],
    &["i", "am"],
    &["seen", "by"],
    &["spoke", "with"],
    &["spoke", "to"],
    &["talked", "to"],
    &["talked", "with"],
    &["met", "with"],
    &["work", "with"],
    &["working", "with"],
    &["spoke", "w"],
    &["discussed", "with"],
    &["signed", "by"],
    &["attending"],
    &["resident"],
    &["hi"],
    &["hello"],
    &["hey"],
    &["thanks"],
    &["thank", "you"],
    &["bye"],
    &["morning"],
    &["afternoon"],
    &["evening"],
    &["welcome"],
    &["meet"],
    &["dear"],
    &["patient"],
    &["patient", "is"],
    &["next", "is"],
    // "today i'm seeing kaycin zyskowski".
    &["seeing"],
    &["okay"],
    &["ok"],
    &["alright"],
    &["so"],
];

/// Dictation headers after which the patient's (or the dictating clinician's) name follows:
/// "dictating a clinic note on Zorvina Marsh", "patient name: …", "dictated by …". "note on" and
/// "letter on" count only after a word of dictating.
pub(crate) const HEADERS: &[&[&str]] = &[
    &["patient", "name"],
    &["name", "of", "patient"],
    &["dictating", "on"],
    &["dictating", "for"],
    &["dictation", "on"],
    &["dictation", "for"],
    &["dictated", "by"],
    &["dictated", "for"],
    &["dictated", "on"],
    &["transcribed", "by"],
    &["note", "on"],
    &["letter", "on"],
    // "first name Zorvina", "last name is Quelbeck".
    &["first", "name"],
    &["last", "name"],
    &["middle", "name"],
    &["maiden", "name"],
];

/// Discourse words after which a given name is an address only when the sentence goes on like
/// one ("okay raymond it looks …", "so barbara i know …"), not "so metoprolol".
pub(crate) const VOCATIVE: &[&str] = &["okay", "ok", "alright", "so"];

pub(crate) const RELATIONS: &[&str] = &[
    "husband", "wife", "son", "daughter", "dtr", "mother", "father", "mom", "dad", "brother", "sister", "friend", "partner", "boyfriend",
    "girlfriend", "niece", "nephew", "aunt", "uncle", "grandson", "granddaughter", "grandmother", "grandfather", "grandma", "grandpa",
    "caregiver", "guardian", "cousin", "fiance", "fiancee", "spouse", "neighbor", "roommate", "sibling", "stepson", "stepdaughter", "hcp",
    "proxy", "sitter", "employer", "boss", "coworker", "stepmother", "stepfather", "godmother", "godfather", "godson", "goddaughter",
    // Misspellings seen in nursing notes.
    "neice", "grandaughter",
];

/// Roles of the people around a patient: the name that follows is a person's ("caseworker Leona
/// Labowich", "PCP Dr. …"). Treated like relation words.
pub(crate) const ROLES: &[&str] = &[
    "caseworker", "coordinator", "sw", "pcp", "surgeon", "cardiologist", "oncologist", "nephrologist", "neurologist", "therapist",
    "chaplain", "interpreter", "translator", "pharmacist", "dietitian", "nutritionist", "physician", "intern", "fellow",
    "hospitalist", "intensivist", "anesthesiologist", "radiologist", "pulmonologist", "midwife", "aide", "manager", "worker", "ho", "staff", "md",
];

/// Words that look like names in lexicons but are almost never names in notes.
pub(crate) const STOP: &[&str] = &[
    "the", "a", "an", "and", "or", "but", "is", "are", "was", "were", "be", "been", "to", "of", "in", "on", "at", "for", "with", "by", "from",
    "as", "it", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "your", "my", "this", "that", "these", "those", "not",
    "no", "yes", "ok", "okay", "so", "um", "uh", "well", "here", "there", "today", "now", "then", "also", "very", "just", "all", "any",
    "some", "will", "can", "may", "might", "would", "could", "should", "have", "has", "had", "do", "does", "did", "up", "out", "over",
    "about", "into", "after", "before", "again", "still", "who", "what", "when", "where", "why", "how", "which", "if", "because", "pt",
    "patient", "doctor", "dr", "nurse", "family", "son", "daughter", "wife", "husband", "mother", "father", "md", "rn", "np", "am", "pm",
    "hi", "hello", "hey", "alright", "yeah", "yep", "thanks", "bye", "good", "morning", "afternoon", "evening", "sure", "right", "oh",
    "states", "stated", "says", "said", "reports", "reported", "aware", "present", "visited", "visiting", "called", "updated",
    "notified", "however", "given", "per", "gon", "na", "gonna", "wan", "wanna", "tell", "like", "ceo", "doc", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
];

pub(crate) const CREDENTIALS: &[&str] = &["rn", "rrt", "md", "np", "pa", "lpn", "cna", "do", "rph", "pharmd", "msw", "licsw", "lcsw", "crnp", "cnm", "crna", "phd", "mph", "bsn", "ms", "pt", "ot", "slp", "rd", "ccrn", "crt", "cpt"];

/// Verbs of moving a patient or of where someone lives: the place after "admitted to",
/// "transferred from", "grew up in" … is a facility or town unless it is an ordinary or clinical
/// word ("the floor", "MICU", "cath lab").
pub(crate) const MOVES: &[&str] = &[
    "admitted", "transferred", "transfered", "transfer", "taken", "brought", "arrived", "sent", "discharged", "returned", "came",
    "seen", "followed", "went", "flown", "flighted", "med-flighted", "airlifted", "referred", "lives", "resides", "moved", "go", "going",
    "goes", "accepted", "screened", "trans", "transported", "dc'd", "d/c'd", "admit", "presented", "recieved", "received", "living",
    "residing", "born", "raised", "grew", "originally", "located", "based", "flew", "travel", "traveled", "travelled", "traveling",
    "travelling", "vacation", "vacationing", "visiting", "relocated", "stationed", "i'm",
];

/// The words [`before_label`] reads a name before, besides relation words, credentials and
/// phone labels.
pub(crate) const LABELS: &[&str] = &["date", "dob", "medical", "mrn", "from", "resident", "attending"];

/// The words a place follows ("lives in California").
pub(crate) const PLACE_WORDS: &[&str] = &["in", "to", "from", "at", "near", "of", "visiting", "outside"];

/// Words that label a phone number ("Zorvina Quelbeck cell# 410-…", "Ana home 555-…").
pub(crate) const PHONE_LABELS: &[&str] = &["cell", "home", "phone", "tel", "mobile", "pager", "beeper", "work", "ph"];

/// Words after which a place name is read as a place.
pub(crate) const PREPS: &[&str] = &["in", "from", "to", "at", "into", "near", "outside", "around"];

/// Hospital names built from everyday words, which neither the gazetteer nor the facility rule
/// can see ("transfer back to holy cross", "at Mount Sinai"): the religious and charitable names
/// that many US hospitals share, and the best-known systems. Written from general knowledge of US
/// hospital naming (no external list); multi-word, so they are names wherever they stand.
pub(crate) const FACILITY_NAMES: &[&[&str]] = &[
    &["holy", "cross"], &["holy", "family"], &["holy", "name"], &["holy", "redeemer"], &["holy", "spirit"], &["holy", "trinity"],
    &["sacred", "heart"], &["good", "samaritan"], &["good", "shepherd"], &["mount", "sinai"], &["mt", "sinai"], &["cedars", "sinai"],
    &["beth", "israel"], &["our", "lady", "of"], &["johns", "hopkins"], &["mayo", "clinic"], &["cleveland", "clinic"],
    &["kaiser", "permanente"], &["mass", "general"], &["brigham", "and", "women's"], &["dana", "farber"], &["new", "england", "baptist"],
    &["shriners", "hospital"], &["shriners", "hospitals"], &["la", "rabida"], &["sisters", "of", "charity"], &["little", "company", "of", "mary"],
];

/// Month and weekday names are places in some gazetteers ("May", "Monday" …), never here.
pub(crate) const CALENDAR: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
];

/// Words that continue a hospital's name or name its department ("Valley Regional", "Vantrow EW");
/// not "center" or "medical", which follow anything ("ATM center").
pub(crate) const FACILITY_TAIL: &[&str] = &[
    "hospital", "hosp", "regional", "general", "memorial", "rehab", "clinic", "er", "ed", "ew", "icu", "ccu", "micu", "sicu",
];
