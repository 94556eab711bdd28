/// Story pages written for these tests (invented stories, no published text), in the layouts the
/// scraped-text reader must read.
enum Fixtures {
    /// A text-browser rendering in the 2008 story layout, wrapped at 80 columns: menus, share
    /// widgets, highlights with "Next Article in U.S.", font controls, a byline with its title, a
    /// place-and-source dateline, an image name, a caption, a "Don't Miss" box, an advertisement
    /// label, the "E-mail to a friend" link split across lines, copyright, "All About" topics
    /// separated by bullets, and "Most Viewed" lists and a footer below.
    static let harbor = """
        Skip to main content
        [site_logo_] /world
        [search_] [                    ] Submit
          •
          • Home
          • World
          • Business
          • Weather

        Hot Topics » Harbor Works • City Budget • Storm Season • Ferry Lines •
        more topics »
        *   Edition: U.S. | Set Pref
        *

          •
            ●

            Share this on:

            ●del.icio.us
            Share
          • E-mail
          • Save
          • Print

        Harbor town votes to rebuild its storm-battered seawall before winter

        updated 6:40 p.m. EDT, Tue October 7, 2008

          • Story Highlights
          • Council approves a repair plan after three nights of debate in a packed
            hall
          • Engineers say the old wall lost a third of its height in the September
            storm
          • Work on the north pier must finish before the first winter tides arrive
          • Fishing crews say they will keep landing catches at the south quay
            meanwhile
          • Next Article in U.S. »

        *
        *
        [text]
        Decrease font Decrease font
        Enlarge font Enlarge font

        By Odile Fenwick
        Coastal Affairs Editor

        GULL HARBOR, Maine (Dateline) -- The town council of Gull Harbor voted late
        Monday to rebuild the seawall that shielded its fishing quay for ninety years,
        ending a week of argument over what the repairs would cost and who would pay
        for them.

        art.harbor.wall.jpg

        Waves break over the damaged seawall at Gull Harbor on a grey October morning.

        *

        The wall lost about a third of its height when a September storm drove the tide
        across the quay, flooding the fish market and the two streets behind it.

        Council chair Brigid Olander said the vote settled the question of whether to
        repair or retreat. "We are a harbor town. We do not move the harbor," she told
        the meeting, drawing applause from crews who had waited three hours to speak.

        Don't Miss
          • Ferry timetable changes for the winter
          • Quay market reopens after the flood

        Engineers hired by the town estimate that the north pier section alone will
        take eleven weeks, and they warned that the job must be finished before the
        high tides of late December.

        Advertisement

        The state has promised to cover part of the cost from its coastal repair fund,
        although officials in the capital have not said how much.

        Fisherman Tobias Hale, whose boat has been tied up since the storm, said he
        would believe in the new wall when he saw it. "Votes do not stop water," he
        said. E-mail to a friend E-mail to a friend

        Copyright 2008 Dateline Wire Service. All rights reserved. This material may
        not be published, broadcast, rewritten, or redistributed.

        All About Gull Harbor • Coastal Erosion • Brigid Olander

          •
            ●

            Share this on:

            ●del.icio.us
            Share
          • E-mail
          • Save
          • Print

        *
        Most Viewed                           Most Emailed

         1. 1 Ferry timetable changes for the winter
         2. 2 Quay market reopens after the flood
         3. 3 You tell us: Would you move the harbor...

        Home  |  World  |  Business  |  Weather
        © 2008 Example News Network. All Rights Reserved.
        Terms of service  |  Privacy guidelines  |  Contact us

        """

    /// A sports-page rendering without a highlights box: the headline shares its line with an
    /// advertisement column, a "Posted:" time, a dateline with a single hyphen, and an
    /// "Advertisement" label inside the body.
    static let sailing = """
        Get the Winter Sailing Almanac FREE!
        *
        *
        Subscribe
        *
        RegattaDinghiesOffshoreGalleriesVideo
        [logo_blue]
        [                    ]
        GO
          • Racing
              □ Racing Front Page
              □ Results
                  ☆ Class A
                  ☆ Class B
          • Cruising
              □ Routes

        [sf_sail]

        \(sideColumns("Veteran skipper Ilse Marrow returns to the helm after shoulder surgery", "[advertisement_]"))
        \(String(repeating: " ", count: 89))Advertisement
        \(sideColumns("Posted: Tuesday Mar 4, 2008 9:15 PM", "divider line"))
        Free E-mail AlertsE-mail ThisPrint ThisSave ThisMost PopularRSS Aggregators

        PORTLAND, Maine (AP) -Skipper Ilse Marrow was cleared to race again Tuesday,
        eleven weeks after surgery on the shoulder she injured in a capsize off the
        cape.

        Her crew had trained without her since January, rotating two substitutes at the
        helm through the winter series.

        Advertisement

        "The shoulder feels stronger than it has in two years,'' Marrow said after a
        practice run in a stiff northerly breeze.

        Marrow will sail the spring qualifier next month. Her team finished fourth in
        the series last year.

        [topofstory][sailhome]
        SAIL.example
        Media Kits | About Us | Add RSS headlines
        Copyright © 2008 Example Sailing Media.
        All Rights Reserved.
        Read our privacy guidelines.

          • SUBSCRIBE
          • SITEMAP

        """

    /// The seed's own form (no wrapping, one paragraph per line): a byline without a title, a
    /// "LISBON, Portugal (Dateline) --" dateline, and topic links run together.
    static let tram = """
        Skip to main content

        Lisbon trams return to the hill line after a summer of repairs

          • Story Highlights
          • The hill route reopens after four months of track work
          • City hall says the old cars will keep running for another decade
          • Residents of the upper town had walked or taken buses since May
          • Next Article in Travel »
        Decrease font Decrease font
        Enlarge font Enlarge font

        By Marta Quintela

        LISBON, Portugal (Dateline) -- The yellow trams climbed the hill line again on Monday morning, four \
        months after the city closed the route to replace the rails and the cables above them.

        Drivers sounded their bells at every stop on the first run, and shopkeepers along the steepest \
        stretch came out to wave at the cars as they passed.

        A video of the first climb was posted on YouTube within the hour and had been watched thousands of \
        times by the evening.

        Don't Miss

        Transport councillor McKinley Ward said the repairs would let the old cars run for at least another \
        decade. E-mail to a friend E-mail to a friend

        All About PortugalLisbon TransportMcKinley WardYouTube

          • E-mail
          • Save
          • Print
        """

    /// The plainest page: a headline line and paragraphs, with no highlights, dateline or time.
    static let nightMarket = """
        Night market opens on the old river road

        Stalls selling grilled corn and paper lanterns lined the river road on Friday as the town held its \
        first night market.

        Organisers said forty traders had signed up for the season, and that the market would run every \
        Friday until the end of September.
        """

    /// Two columns on one line, as a text browser sets a headline beside an advertisement.
    static func sideColumns(_ left: String, _ right: String) -> String {
        left + String(repeating: " ", count: max(3, 89 - left.count)) + right
    }
}
