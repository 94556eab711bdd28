/// The short forms a news sentence splitter must not mistake for the end of a sentence.
enum Abbreviations {
    /// Titles and ranks that stand before a name ("Sen. Clinton"), so a period after them
    /// never ends a sentence.
    static let beforeNames: Set<String> = [
        "mr", "mrs", "ms", "messrs", "dr", "drs", "gov", "govs", "sen", "sens", "rep", "reps", "st", "ste",
        "gen", "gens", "lt", "col", "capt", "cpt", "sgt", "cpl", "pvt", "maj", "adm", "cmdr", "cmdt", "brig",
        "rev", "prof", "pres", "supt", "insp", "det", "hon", "fr", "mt", "ft", "atty", "amb", "vs", "rt",
        "approx",
    ]

    /// Short forms that stand before a number ("No. 1", "Vol. 3"); a period after them ends a
    /// sentence only when no number follows.
    static let beforeNumbers: Set<String> = ["no", "nos", "vol", "pp", "op", "fig", "art", "sec"]

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
    ]

    /// Capitalised words that usually open a sentence: after "U.S." or "Inc." they show
    /// that the period also ended the sentence ("... in the U.S. The ...").
    static let sentenceOpeners: Set<String> = [
        "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "but", "and", "or", "so", "yet",
        "in", "on", "at", "by", "for", "from", "with", "after", "before", "during", "since", "as", "if",
        "when", "while", "where", "why", "how", "what", "who", "which", "this", "that", "these", "those",
        "his", "her", "their", "its", "our", "my", "your", "there", "here", "some", "many", "most", "one",
        "two", "three", "all", "no", "not", "now", "then", "still", "however", "meanwhile", "also", "even",
        "other", "another", "both", "each", "every", "such", "last", "next", "officials", "police", "it's",
        "he's", "she's", "they're", "we're", "i'm", "there's", "that's", "according", "despite", "although",
        "though", "because", "until", "instead", "asked", "among", "under", "over", "about", "more", "only",
    ]
}
