/// What kind of thing a topic names.
public enum TopicKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// A person ("Vojislav Kostunica").
    case person
    /// A country, region, city or other place ("Kosovo").
    case place
    /// A government body, company, party, team or other organisation ("United Nations").
    case organisation
    /// A named thing the rules cannot place: an event, a product, a law.
    case other
}

/// Dateline's own short list of countries, places and organisations, with the aliases newsrooms
/// use for them, so "U.N." and "United Nations" are one topic and "Serbia" is known as a place.
enum Gazetteer {
    /// One canonical entry: the display name and its kind.
    struct Entry: Hashable {
        let name: String
        let kind: TopicKind
    }

    /// Looks up a candidate name by its key (see ``key(_:)``).
    static func entry(forKey key: String) -> Entry? { table[key] }

    /// The country a demonym points at ("Serbian" → "Serbia"), by key.
    static func country(forDemonym key: String) -> String? { demonyms[key] }

    /// The comparison key of a name: lower case, dots and possessives dropped, spaces single.
    static func key(_ name: String) -> String {
        // Most names are ASCII and need nothing more than lower case: one look at the bytes
        // (no dot, apostrophe, hyphen or non-ASCII byte, no space at either end or doubled).
        var plain = true
        var previousSpace = true
        for byte in name.utf8 {
            if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "'") || byte >= 0x80 || byte == UInt8(ascii: "-")
                || (byte == UInt8(ascii: " ") && previousSpace)
            {
                plain = false
                break
            }
            previousSpace = byte == UInt8(ascii: " ")
        }
        if plain, !previousSpace || name.isEmpty { return ASCIIText.lowercased(name) }
        var lower = name.lowercased()
        if lower.hasSuffix("'s") || lower.hasSuffix("\u{2019}s") { lower.removeLast(2) }
        lower.removeAll(where: { $0 == "." })
        return lower.split(whereSeparator: { $0 == " " || $0 == "-" }).joined(separator: " ")
    }

    private static let countries = [
        "Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Argentina", "Armenia", "Australia", "Austria",
        "Azerbaijan", "Bahamas", "Bahrain", "Bangladesh", "Barbados", "Belarus", "Belgium", "Belize", "Benin",
        "Bhutan", "Bolivia", "Bosnia", "Botswana", "Brazil", "Brunei", "Bulgaria", "Burkina Faso", "Burundi",
        "Cambodia", "Cameroon", "Canada", "Chad", "Chile", "China", "Colombia", "Congo", "Costa Rica", "Croatia",
        "Cuba", "Cyprus", "Czech Republic", "Denmark", "Djibouti", "Dominican Republic", "Ecuador", "Egypt",
        "El Salvador", "Eritrea", "Estonia", "Ethiopia", "Fiji", "Finland", "France", "Gabon", "Gambia", "Georgia",
        "Germany", "Ghana", "Greece", "Guatemala", "Guinea", "Guyana", "Haiti", "Honduras", "Hungary", "Iceland",
        "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Ivory Coast", "Jamaica", "Japan",
        "Jordan", "Kazakhstan", "Kenya", "Kosovo", "Kuwait", "Kyrgyzstan", "Laos", "Latvia", "Lebanon",
        "Lesotho", "Liberia", "Libya", "Liechtenstein", "Lithuania", "Luxembourg", "Macedonia", "Madagascar",
        "Malawi", "Malaysia", "Maldives", "Mali", "Malta", "Mauritania", "Mauritius", "Mexico", "Moldova",
        "Monaco", "Mongolia", "Montenegro", "Morocco", "Mozambique", "Myanmar", "Namibia", "Nepal", "Netherlands",
        "New Zealand", "Nicaragua", "Niger", "Nigeria", "North Korea", "Norway", "Oman", "Pakistan", "Palestine",
        "Panama", "Papua New Guinea", "Paraguay", "Peru", "Philippines", "Poland", "Portugal", "Qatar", "Romania",
        "Russia", "Rwanda", "Saudi Arabia", "Scotland", "Senegal", "Serbia", "Sierra Leone", "Singapore",
        "Slovakia", "Slovenia", "Somalia", "South Africa", "South Korea", "South Sudan", "Spain", "Sri Lanka",
        "Sudan", "Suriname", "Sweden", "Switzerland", "Syria", "Taiwan", "Tajikistan", "Tanzania", "Thailand",
        "Togo", "Tunisia", "Turkey", "Turkmenistan", "Uganda", "Ukraine", "United Arab Emirates",
        "United Kingdom", "United States", "Uruguay", "Uzbekistan", "Venezuela", "Vietnam", "Wales", "Yemen",
        "Zambia", "Zimbabwe", "England", "Northern Ireland", "Gaza", "West Bank", "Crimea", "Chechnya", "Tibet",
        "Hong Kong", "Puerto Rico", "Greenland", "Antarctica", "Africa", "Europe", "Asia", "Latin America",
        "Middle East", "Caribbean", "Balkans",
    ]

    private static let places = [
        "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida",
        "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
        "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
        "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
        "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee",
        "Texas", "Utah", "Vermont", "Virginia", "West Virginia", "Wisconsin", "Wyoming", "Washington",
        "Los Angeles", "San Francisco", "Chicago", "Boston", "Miami", "Atlanta", "Houston", "Dallas", "Seattle",
        "Detroit", "Philadelphia", "Baltimore", "Denver", "Phoenix", "Las Vegas", "New Orleans", "Ferguson",
        "London", "Paris", "Berlin", "Moscow", "Beijing", "Shanghai", "Tokyo", "Seoul", "Pyongyang", "Delhi",
        "New Delhi", "Mumbai", "Karachi", "Islamabad", "Kabul", "Baghdad", "Damascus", "Tehran", "Jerusalem",
        "Tel Aviv", "Cairo", "Beirut", "Istanbul", "Ankara", "Athens", "Rome", "Madrid", "Barcelona", "Lisbon",
        "Dublin", "Brussels", "Amsterdam", "Vienna", "Geneva", "Zurich", "Stockholm", "Oslo", "Copenhagen",
        "Helsinki", "Warsaw", "Prague", "Budapest", "Belgrade", "Pristina", "Kiev", "Kyiv", "Minsk", "Nairobi",
        "Lagos", "Johannesburg", "Cape Town", "Sydney", "Melbourne", "Toronto", "Montreal", "Vancouver",
        "Mexico City", "Havana", "Caracas", "Bogota", "Lima", "Buenos Aires", "Rio de Janeiro", "Sao Paulo",
        "Santiago", "Dubai", "Abu Dhabi", "Riyadh", "Doha", "Sanaa", "Aden", "Tripoli", "Tunis", "Mosul",
        "Aleppo", "Kobani", "Homs", "Raqqa", "Tikrit", "Fallujah", "Ramadi", "Kandahar", "Bangkok", "Jakarta",
        "Manila", "Singapore", "Kuala Lumpur", "Hanoi", "Taipei", "Sochi", "Donetsk", "Luhansk", "Mariupol",
        "Sarajevo", "Scotland Yard", "Silicon Valley", "Wall Street", "Capitol Hill", "Pentagon", "Vatican",
        "Kremlin", "Manhattan", "Brooklyn", "Hollywood", "Texas", "Oxford", "Cambridge",
    ]

    private static let organisations = [
        "United Nations", "European Union", "NATO", "FBI", "CIA", "NSA", "NASA", "Pentagon", "White House",
        "Congress", "Senate", "House of Representatives", "Supreme Court", "Security Council",
        "World Health Organization", "World Bank", "International Monetary Fund", "Red Cross", "Interpol",
        "Amnesty International", "Human Rights Watch", "Taliban", "al Qaeda", "Hamas", "Hezbollah", "Boko Haram",
        "al-Shabaab", "ISIS", "Muslim Brotherhood", "Democratic Party", "Republican Party", "Democrats",
        "Republicans", "Labour Party", "Conservative Party", "Apple", "Google", "Microsoft", "Facebook",
        "Twitter", "Amazon", "Samsung", "Sony", "Toyota", "General Motors", "Ford", "Boeing", "Airbus",
        "Malaysia Airlines", "Germanwings", "Lufthansa", "Uber", "Netflix", "YouTube", "Instagram", "FIFA", "UEFA",
        "NFL", "NBA", "MLB", "NHL", "IOC", "BBC", "Reuters", "Associated Press", "Department of Justice",
        "Justice Department", "State Department", "Homeland Security", "Secret Service", "TSA", "FAA", "FDA",
        "CDC", "EPA", "IRS", "Federal Reserve", "Premier League", "Real Madrid", "Barcelona FC", "Manchester United",
        "Chelsea", "Arsenal", "Liverpool", "Bayern Munich", "Catholic Church", "Kurdistan Workers' Party",
        "Peshmerga", "Houthis", "Hezbollah", "Kremlin",
    ]

    /// Aliases → canonical names; the canonical name must also appear in one of the lists above.
    private static let aliases: [String: String] = [
        "us": "United States", "usa": "United States", "united states of america": "United States",
        "america": "United States", "un": "United Nations", "uk": "United Kingdom", "britain": "United Kingdom",
        "great britain": "United Kingdom", "eu": "European Union", "isil": "ISIS", "islamic state": "ISIS",
        "islamic state of iraq and syria": "ISIS", "islamic state of iraq and the levant": "ISIS",
        "federal bureau of investigation": "FBI", "central intelligence agency": "CIA",
        "national security agency": "NSA", "north atlantic treaty organization": "NATO",
        "who": "World Health Organization", "imf": "International Monetary Fund", "uae": "United Arab Emirates",
        "al qaeda": "al Qaeda", "al-qaeda": "al Qaeda", "al qaida": "al Qaeda", "burma": "Myanmar",
        "holland": "Netherlands", "the netherlands": "Netherlands", "ivory coast": "Ivory Coast",
        "cote d'ivoire": "Ivory Coast", "dprk": "North Korea", "republic of korea": "South Korea",
        "justice department": "Department of Justice", "kiev": "Kyiv", "houthi": "Houthis",
        "centers for disease control and prevention": "CDC",
        "democrat": "Democrats", "republican": "Republicans", "gop": "Republicans",
        "new york city": "New York", "nyc": "New York", "washington dc": "Washington", "dc": "Washington",
        "the vatican": "Vatican", "islamic state group": "ISIS", "al shabaab": "al-Shabaab",
        "the white house": "White House", "the pentagon": "Pentagon", "the kremlin": "Kremlin",
    ]

    private static let demonymPairs: [(String, String)] = [
        ("american", "United States"), ("british", "United Kingdom"), ("serbian", "Serbia"), ("serb", "Serbia"),
        ("serbs", "Serbia"), ("russian", "Russia"), ("chinese", "China"), ("japanese", "Japan"),
        ("french", "France"), ("german", "Germany"), ("italian", "Italy"), ("spanish", "Spain"),
        ("syrian", "Syria"), ("iraqi", "Iraq"), ("iranian", "Iran"), ("israeli", "Israel"),
        ("palestinian", "Palestine"), ("egyptian", "Egypt"), ("libyan", "Libya"), ("yemeni", "Yemen"),
        ("saudi", "Saudi Arabia"), ("afghan", "Afghanistan"), ("pakistani", "Pakistan"), ("indian", "India"),
        ("ukrainian", "Ukraine"), ("turkish", "Turkey"), ("greek", "Greece"), ("mexican", "Mexico"),
        ("canadian", "Canada"), ("australian", "Australia"), ("nigerian", "Nigeria"), ("kenyan", "Kenya"),
        ("korean", "South Korea"), ("north korean", "North Korea"), ("south korean", "South Korea"),
        ("cuban", "Cuba"), ("venezuelan", "Venezuela"), ("brazilian", "Brazil"), ("indonesian", "Indonesia"),
        ("malaysian", "Malaysia"), ("kosovar", "Kosovo"), ("albanian", "Albania"), ("tunisian", "Tunisia"),
        ("irish", "Ireland"), ("scottish", "Scotland"), ("swiss", "Switzerland"), ("dutch", "Netherlands"),
        ("swedish", "Sweden"), ("polish", "Poland"), ("nepalese", "Nepal"), ("thai", "Thailand"),
        ("vietnamese", "Vietnam"), ("filipino", "Philippines"), ("somali", "Somalia"), ("sudanese", "Sudan"),
    ]

    private static let table: [String: Entry] = {
        var table: [String: Entry] = [:]
        for name in countries + places { table[key(name)] = Entry(name: name, kind: .place) }
        for name in organisations { table[key(name)] = Entry(name: name, kind: .organisation) }
        for (alias, canonical) in aliases {
            if let entry = table[key(canonical)] { table[key(alias)] = entry }
        }
        return table
    }()

    private static let demonyms: [String: String] = Dictionary(
        demonymPairs.map { (key($0.0), $0.1) }, uniquingKeysWith: { first, _ in first })
}
