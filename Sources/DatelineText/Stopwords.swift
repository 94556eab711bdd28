/// English function words that carry no topic: left out of terms, topics and similarity.
enum Stopwords {
    /// The list, lower case.
    static let english: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
        "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
        "can", "could", "did", "do", "does", "doing", "down", "during", "each", "even", "ever", "few", "for",
        "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him",
        "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "may", "me",
        "might", "more", "most", "much", "must", "my", "myself", "no", "nor", "not", "now", "of", "off", "on",
        "once", "one", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "said", "same",
        "say", "says", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
        "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
        "until", "up", "upon", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who",
        "whom", "whose", "why", "will", "with", "would", "yet", "you", "your", "yours", "yourself", "told",
        "according", "also", "another", "around", "since", "still", "though", "although", "however", "many",
        "made", "make", "like", "get", "got", "going", "go", "went", "come", "came", "two", "three", "new",
        "year", "years", "last", "first", "time", "told", "tell", "people", "way", "well", "back", "day",
        "don't", "it's", "i'm", "he's", "she's", "we're", "they're", "that's", "there's", "can't", "won't",
        "didn't", "doesn't", "isn't", "wasn't", "aren't", "weren't", "haven't", "hasn't", "wouldn't",
        "couldn't", "shouldn't", "i've", "we've", "you're", "you've", "let's", "cnn", "mr", "mrs", "ms",
    ]
}
