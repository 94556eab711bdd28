/// The short forms a news sentence splitter must not mistake for the end of a sentence.
enum Abbreviations {
    /// Titles and ranks that stand before a name ("Sen. Clinton"), so a period after them
    /// never ends a sentence.
    static let beforeNames: Set<String> = [
        "mr", "mrs", "ms", "messrs", "dr", "drs", "gov", "govs", "sen", "sens", "rep", "reps", "st", "ste",
        "gen", "gens", "lt", "col", "capt", "cpt", "sgt", "cpl", "pvt", "maj", "adm", "cmdr", "cmdt", "brig",
        "rev", "prof", "pres", "supt", "insp", "det", "hon", "fr", "mt", "ft", "atty", "amb", "vs", "rt",
        "approx",
        // French, Spanish, German and Portuguese titles and short forms that stand before a name or word.
        "sra", "srta", "sres", "dra", "dras", "profa", "exmo", "exma", "sto", "sta", "av", "avda", "ee", "cf",
        "bzw", "ca", "vgl", "ggf", "evtl", "inkl", "zzgl", "lic", "ing", "mme", "mlle",
    ]

    /// Short forms that stand before a number ("No. 1", "Vol. 3"); a period after them ends a
    /// sentence only when no number follows.
    static let beforeNumbers: Set<String> = [
        "no", "nos", "vol", "pp", "op", "fig", "art", "sec", "nr", "núm", "pág", "tel", "abs", "kap", "bd",
    ]

    /// Month short forms: a period after them ends a sentence only when no day number follows.
    static let months: Set<String> = [
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]

    /// Short forms that stand as often at the end of a sentence as inside one ("Inc.", "Jr.");
    /// they end a sentence only when the next word is a usual sentence opener.
    static let ambiguous: Set<String> = [
        "inc", "corp", "co", "ltd", "llc", "plc", "jr", "sr", "bros", "etc", "al", "ave", "blvd", "rd",
        "dept", "univ", "assn", "est", "mass", "calif", "fla", "ga", "ill", "pa", "va", "wash", "tex", "ariz",
        "colo", "conn", "ky", "la", "md", "mich", "minn", "miss", "mo", "nev", "okla", "ore", "tenn", "wis",
        "ala", "ark", "del", "ind", "kan", "neb", "wyo", "mont",
        // Short forms in other languages that may end a sentence: "usw.", "Mio.", "aprox.", "Str.".
        "usw", "mio", "mrd", "tsd", "aprox", "str", "uu", "mill", "env", "hab", "cía", "ltda",
    ]

    /// Capitalised words that usually open a sentence: after "U.S." or "Inc." they show
    /// that the period also ended the sentence ("... in the U.S. The ...").
    static let englishSentenceOpeners: Set<String> = [
        "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "but", "and", "or", "so", "yet",
        "in", "on", "at", "by", "for", "from", "with", "after", "before", "during", "since", "as", "if",
        "when", "while", "where", "why", "how", "what", "who", "which", "this", "that", "these", "those",
        "his", "her", "their", "its", "our", "my", "your", "there", "here", "some", "many", "most", "one",
        "two", "three", "all", "no", "not", "now", "then", "still", "however", "meanwhile", "also", "even",
        "other", "another", "both", "each", "every", "such", "last", "next", "officials", "police", "it's",
        "he's", "she's", "they're", "we're", "i'm", "there's", "that's", "according", "despite", "although",
        "though", "because", "until", "instead", "asked", "among", "under", "over", "about", "more", "only",
    ]

    /// ``englishSentenceOpeners`` with the commonest French, Spanish, German and Portuguese ones
    /// ("… etc. Le maire …", "… usw. Die Stadt …").
    static let sentenceOpeners: Set<String> = englishSentenceOpeners.union([
        "le", "la", "les", "il", "elle", "ils", "elles", "un", "une", "selon", "mais", "cette", "ce", "après",
        "el", "los", "las", "ella", "ellos", "según", "pero", "una", "este", "esta", "der", "die", "das", "er",
        "sie", "es", "ein", "eine", "laut", "aber", "im", "am", "nach", "o", "os", "as", "ele", "ela", "eles",
        "segundo", "uma", "um", "mas", "na", "no", "em",
    ])

    /// German month names: "am 3. Oktober" is a date, not a sentence ending after "3".
    static let germanMonths: Set<String> = [
        "januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
        "november", "dezember",
    ]
}
