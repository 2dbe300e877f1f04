"""English text of the demo site. The Spanish lives in the PO files beside this module.

Contact facts follow ../shared/FACTS.md where it corrects the seed; such records, and every
fact nobody has checked, are left unverified (no `last_verified`) so that editors re-check them.
"""

import datetime

SITE_TEXT = {
    "site_name": "Wentzville Coalition",
    "safety_note": (
        "Worried someone is watching? The Quick exit button leaves this site at once. It does not erase your history."
    ),
    "footer": (
        "<p>The Wentzville Coalition is a network of neighbours, churches, clinics and services in "
        "Wentzville, Missouri. This site sets no cookies and uses no trackers.</p>"
    ),
    # A weather forecast in the reader's language: the Spanish site text gives a Spanish one.
    "quick_exit_url": "https://www.bbc.co.uk/weather",
}

HOME_PAGE = {
    "title": "Wentzville Coalition Against Trafficking",
    "slug": "home",
    "introduction": (
        "A coalition of neighbours, churches, clinics and services in Wentzville, Missouri, "
        "working against human trafficking and for the health and safety of everyone "
        "caught up in the sex trade. Free, confidential help is listed here."
    ),
    "seo_title": "",
    "search_description": (
        "Free, confidential help in Wentzville, Missouri: hotlines, health care, "
        "counselling and ways out of trafficking and the sex trade."
    ),
}

HOTLINE_INDEX = {
    "show_in_menus": True,
    "title": "Get help now",
    "slug": "get-help-now",
    "introduction": (
        "If you or someone else is in danger right now, call 911. The other lines below are free; "
        "most answer at any hour and you do not have to give your name."
    ),
}
FAQ_INDEX = {
    "show_in_menus": True,
    "title": "Questions and answers",
    "slug": "questions",
    "introduction": "Answers to the questions people in Wentzville ask most, grouped by topic.",
}
SERVICE_INDEX = {
    "show_in_menus": True,
    "title": "Services",
    "slug": "services",
    "introduction": (
        "Health care, counselling, housing, legal help, work and outreach in and around Wentzville. "
        "Details marked as not yet checked may be out of date: call before you go."
    ),
}
UPDATE_INDEX = {
    "show_in_menus": True,
    "title": "Coalition updates",
    "slug": "updates",
    "introduction": "News from the coalition and its members.",
}

ORGANISATIONS = [
    {"name": "St. Charles County Health Department"},
    {"name": "Bridgeway Behavioral Health"},
    {"name": "Wentzville night outreach"},
    {"name": "The Covering House", "website": "https://thecoveringhouse.org/"},
    {"name": "MOCSA"},
    {"name": "Workforce Solutions"},
    {"name": "Wentzville Human Trafficking Task Force"},
    {"name": "Wentzville School District"},
    {"name": "Wentzville Community Club"},
    {"name": "Neighbors United"},
    {"name": "Heartland Church"},
    {"name": "Wentzville Ministerial Alliance"},
    {"name": "Crossroads Community Church"},
    {"name": "State of Missouri"},
    {"name": "St. Charles Community College"},
    {"name": "Wentzville Police Department"},
]

FACTS_CHECKED = datetime.date(2026, 11, 1)

HOTLINES = [
    {
        "title": "Emergency: 911",
        "slug": "911",
        "operator": "Police, fire and ambulance dispatchers",
        "summary": "Call if you or someone else is in danger right now, or for a medical emergency.",
        "phone": "911",
        "open_24_7": True,
        "languages": ["en"],
        "languages_note": "Interpreters are available: say which language you speak.",
        "is_emergency": True,
        "sort_order": 0,
        "featured": True,
        "what_to_expect": (
            "<p>The dispatcher asks where you are and what is happening. Stay on the line if you can. "
            "If you cannot talk, leave the line open so they can listen.</p>"
        ),
        "confidentiality": "Calls to 911 are recorded.",
        "last_verified": FACTS_CHECKED,
        "verification_source": "911 is the emergency number for police, fire and ambulance in Missouri.",
    },
    {
        "title": "National Human Trafficking Hotline",
        "slug": "national-human-trafficking-hotline",
        "operator": "Trained anti-trafficking advocates",
        "summary": (
            "A national, confidential line for anyone who is or knows someone being forced or tricked "
            "into work or sex. Missouri sends callers here."
        ),
        "phone": "1-888-373-7888",
        "text_number": "233733",
        "tty": "711",
        "open_24_7": True,
        "languages": ["en", "es"],
        "languages_note": "Interpreters for more than 200 languages by phone.",
        "is_emergency": True,
        "sort_order": 10,
        "featured": True,
        "what_to_expect": (
            "<p>An advocate listens, asks what you need and can connect you with shelter, legal help or "
            "police in your area, only if you want that. You do not have to give your name.</p>"
        ),
        "confidentiality": "Confidential. You can stay anonymous.",
    },
    {
        "title": "National Human Trafficking Hotline: text",
        "slug": "national-human-trafficking-hotline-text",
        "operator": "Trained anti-trafficking advocates",
        "summary": "Text if it is not safe to talk. The same advocates answer by text message.",
        "text_number": "233733",
        "open_24_7": True,
        "languages": ["en", "es"],
        "sort_order": 11,
        "featured": True,
        "what_to_expect": (
            "<p>Send a text to start. An advocate replies. Delete the messages afterwards if someone "
            "else may look at your phone.</p>"
        ),
        "confidentiality": "Confidential. You can stay anonymous.",
        "last_verified": FACTS_CHECKED,
        "verification_source": "https://humantraffickinghotline.org/en/report-trafficking",
    },
    {
        "title": "Wentzville Police: non-emergency line",
        "slug": "wentzville-police-non-emergency",
        "operator": "Wentzville Police Department",
        "summary": "To report suspected solicitation or trafficking when no one is in immediate danger.",
        "phone": "636-327-5105",
        "hours_note": "Hours not confirmed. In an emergency call 911.",
        "languages": ["en"],
        "sort_order": 20,
        "what_to_expect": (
            "<p>Give what you saw: vehicle descriptions, licence plates, the place and the time. "
            "Do not confront anyone.</p>"
        ),
        # The number is from a 2020 newsletter: where it came from, not a check that it works today.
        "verification_source": "City of Wentzville, The Vision, July/August 2020",
    },
    {
        "title": "Wentzville Police: crime tip line",
        "slug": "wentzville-police-tip-line",
        "operator": "Wentzville Police Department",
        "summary": "Leave a tip about a crime for Wentzville detectives.",
        "phone": "(636) 639-2180",
        "languages": ["en"],
        "hours_note": "Ask when tips are answered.",
        "sort_order": 21,
        "verification_source": "City of Wentzville, The Vision, July/August 2020",
    },
    {
        "title": "St. Louis Regional CrimeStoppers",
        "slug": "crimestoppers",
        "operator": "St. Louis Regional CrimeStoppers",
        "summary": "Report a crime anonymously. Tips that lead to an arrest may earn a cash reward.",
        "phone": "866-371-8477",
        "phone_vanity": "866-371-TIPS",
        "languages": ["en"],
        "sort_order": 30,
        "confidentiality": "Anonymous: you are not asked for your name.",
        "last_verified": FACTS_CHECKED,
        "verification_source": "https://www.stlrcs.org/ (program rules)",
    },
]

SERVICES = [
    {
        "title": "STI testing and syringe exchange",
        "slug": "sti-testing-and-syringe-exchange",
        "provider": "St. Charles County Health Department",
        "summary": "Confidential testing for sexually transmitted infections, and clean needles, at the Wentzville clinic.",
        "categories": ["health-care", "harm-reduction"],
        "cost": "unknown",
        "confidential": True,
        "confidentiality": "Testing is confidential.",
        "street_address": "52 Industrial Drive",
        "locality": "Wentzville",
        "region": "MO",
        "languages": ["en"],
        "featured": True,
    },
    {
        "title": "Trauma counselling and addiction treatment",
        "slug": "trauma-counselling-and-addiction-treatment",
        "provider": "Bridgeway Behavioral Health",
        "summary": "Counselling for trauma and treatment for drug and alcohol addiction, with fees on a sliding scale.",
        "categories": ["counselling", "addiction-treatment"],
        "cost": "sliding_scale",
        "languages": ["en"],
        "how_to_access": "Contact details have not been confirmed yet. For help now, call the National Human Trafficking Hotline.",
        "featured": True,
    },
    {
        "title": "Night outreach vans",
        "slug": "night-outreach-vans",
        "provider": "Wentzville night outreach",
        "summary": "Vans that go out at night with harm-reduction kits: naloxone (Narcan) and wound-care supplies.",
        "categories": ["harm-reduction", "health-care"],
        "cost": "free",
        "hours_note": "At night.",
        "languages": ["en"],
        "how_to_access": "The vans come to areas where people work at night. Ask the team for a kit.",
        "featured": True,
    },
    {
        "title": "Residential programme for girls who survived trafficking",
        "slug": "covering-house-residential-programme",
        "provider": "The Covering House",
        "summary": (
            "A long-term therapeutic home and counselling for girls about 12 to 18 who survived sex "
            "trafficking or sexual exploitation."
        ),
        "categories": ["exit-programmes", "housing", "counselling", "youth"],
        "cost": "unknown",
        "eligibility": "Girls about 12 to 18 years old who survived sex trafficking or sexual exploitation.",
        "confidential": True,
        "confidentiality": "The home is at a confidential location in the St. Louis area.",
        "website": "https://thecoveringhouse.org/",
        "how_to_access": "By referral, not walk-in. A caseworker, advocate or the National Human Trafficking Hotline can refer.",
        "languages": ["en"],
    },
    {
        "title": "Legal advocates for survivors",
        "slug": "mocsa-legal-advocates",
        "provider": "MOCSA",
        "summary": (
            "Legal advocacy in the Kansas City area for survivors of sexual violence, including help to clear "
            "prostitution-related convictions."
        ),
        "categories": ["legal-help"],
        "cost": "unknown",
        "eligibility": "MOCSA serves the Kansas City area, not St. Charles County.",
        "how_to_access": "Contact details have not been confirmed yet. For help now, call the National Human Trafficking Hotline.",
        "languages": ["en"],
    },
    {
        "title": "Job placement",
        "slug": "workforce-solutions-job-placement",
        "provider": "Workforce Solutions",
        "summary": "Help finding a job that pays a living wage, with local employers.",
        "categories": ["jobs-education", "exit-programmes"],
        "cost": "unknown",
        "how_to_access": "Contact details have not been confirmed yet. For help now, call the National Human Trafficking Hotline.",
        "languages": ["en"],
    },
    {
        "title": "Emergency housing vouchers and cash assistance",
        "slug": "safe-program",
        "provider": "State of Missouri",
        "summary": "Missouri’s SAFE Program: emergency housing vouchers and cash assistance for people fleeing exploitation.",
        "categories": ["housing", "exit-programmes"],
        "cost": "free",
        "how_to_access": "Contact details have not been confirmed yet. For help now, call the National Human Trafficking Hotline.",
        "languages": ["en"],
    },
    {
        "title": "FASTTRACK job training",
        "slug": "fasttrack-job-training",
        "provider": "St. Charles Community College",
        "summary": "Free certificates in fields that are hiring, such as logistics and health care.",
        "categories": ["jobs-education"],
        "cost": "free",
        "how_to_access": "Contact details have not been confirmed yet. Ask the college’s admissions office.",
        "languages": ["en"],
    },
    {
        "title": "Trafficking awareness training",
        "slug": "trafficking-awareness-training",
        "provider": "Wentzville Human Trafficking Task Force",
        "summary": "Training for hotel staff, truck drivers and medical staff to recognise the signs of trafficking.",
        "categories": ["prevention", "reporting"],
        "cost": "unknown",
        "how_to_access": "Contact details have not been confirmed yet. Ask the Wentzville Police non-emergency line.",
        "languages": ["en"],
    },
    {
        "title": "“Not a Number” prevention lessons",
        "slug": "not-a-number-curriculum",
        "provider": "Wentzville School District",
        "summary": "School lessons on staying safe online and on how traffickers recruit young people.",
        "categories": ["prevention", "youth"],
        "cost": "free",
        "eligibility": "Students in Wentzville schools.",
        "how_to_access": "Taught in school. Parents can ask their child’s school.",
        "languages": ["en"],
    },
    {
        "title": "After-school mentoring",
        "slug": "after-school-mentoring",
        "provider": "Wentzville Community Club",
        "summary": "After-school programmes with mentoring and sport for young people.",
        "categories": ["youth", "prevention"],
        "cost": "unknown",
        "how_to_access": "Contact details have not been confirmed yet. Ask at the club.",
        "languages": ["en"],
    },
    {
        "title": "Neighbourhood clean-ups and lighting",
        "slug": "neighbors-united",
        "provider": "Neighbors United",
        "summary": "A community group that organises park clean-ups and installs motion-activated lighting.",
        "categories": ["community"],
        "cost": "free",
        "how_to_access": "Contact details have not been confirmed yet.",
        "languages": ["en"],
    },
    {
        "title": "Church outreach teams",
        "slug": "heartland-church-outreach",
        "provider": "Heartland Church",
        "summary": "Outreach teams hand out hygiene kits and resource cards where people are working.",
        "categories": ["faith-based", "food-basics", "harm-reduction"],
        "cost": "free",
        "how_to_access": "The teams come to you. Contact details for the church have not been confirmed yet.",
        "languages": ["en"],
    },
    {
        "title": "Emergency motel vouchers and food",
        "slug": "ministerial-alliance-vouchers",
        "provider": "Wentzville Ministerial Alliance",
        "summary": "Emergency motel vouchers, and food through partner food pantries.",
        "categories": ["faith-based", "housing", "food-basics"],
        "cost": "free",
        "how_to_access": "Contact details have not been confirmed yet. For help now, call the National Human Trafficking Hotline.",
        "languages": ["en"],
    },
    {
        "title": "Free counselling for complex trauma",
        "slug": "crossroads-counselling",
        "provider": "Crossroads Community Church",
        "summary": "Free counselling with licensed therapists who specialise in recovery from complex trauma.",
        "categories": ["faith-based", "counselling"],
        "cost": "free",
        "how_to_access": "Contact details have not been confirmed yet. Ask at the church.",
        "languages": ["en"],
    },
    {
        "title": "Wentzville Police Department",
        "slug": "wentzville-police-department",
        "provider": "Wentzville Police Department",
        "summary": "Report suspected solicitation or trafficking, in person or by phone.",
        "categories": ["reporting"],
        "cost": "free",
        "phone": "636-327-5105",
        "street_address": "1019 Schroeder Creek Blvd",
        "locality": "Wentzville",
        "region": "MO",
        "postal_code": "63385",
        "hours_note": "In 2019 the lobby was open day and night. Call before you go.",
        "how_to_access": "Walk in to the lobby, or call the non-emergency line. In an emergency call 911.",
        "languages": ["en"],
        "verification_source": "City of Wentzville, The Vision, July/August 2020 (lobby hours: 2019)",
    },
]

# The demo's pictures (home/demo/images/, with their licence), by the name the content uses.
IMAGES = {
    "coffee": {"title": "Coffee on a wooden table", "file": "coffee.jpg"},
}

UPDATES = [
    {
        "title": "This site is now in Spanish",
        "slug": "site-now-in-spanish",
        "date": datetime.date(2026, 11, 20),
        "summary": "Every page of the coalition’s site can now be read in Spanish.",
        "body": [
            (
                "paragraph",
                "<p>Every page of this site, and every button, can now be read in Spanish. "
                "Use the language link at the top of any page.</p>",
            ),
        ],
    },
    {
        "title": "We are checking every listing",
        "slug": "checking-every-listing",
        "date": datetime.date(2026, 11, 10),
        "summary": "Volunteers are calling each service and hotline to confirm numbers, hours and addresses.",
        "image": "coffee",
        "image_alt_text": "A cup of coffee on a saucer, on a wooden table.",
        "body": [
            (
                "paragraph",
                "<p>Volunteers are calling each service and hotline on this site to confirm its numbers, "
                "hours and address. Each listing shows the date it was last checked.</p>",
            ),
            (
                "paragraph",
                "<p>Until a listing has been checked, please call before you go.</p>",
            ),
        ],
    },
]

STANDARD_PAGES = [
    {
        "title": "About the coalition",
        "slug": "about",
        "introduction": (
            "The Wentzville Coalition brings together neighbours, churches, clinics, schools and services "
            "working against human trafficking and for the health and safety of people in the sex trade."
        ),
        "body": [
            (
                "paragraph",
                "<p>We keep this site so that anyone in Wentzville can find free, confidential help "
                "quickly, in English or Spanish, on any phone.</p>",
            ),
            (
                "paragraph",
                "<p>The answers on this site were written by coalition members. Contact details are "
                "checked against public sources; each listing says when it was last checked.</p>",
            ),
        ],
    },
    {
        "title": "Stay safe online",
        "slug": "stay-safe-online",
        "introduction": (
            "If someone checks your phone or computer, these steps can help. "
            "No website can make a device completely safe."
        ),
        "body": [
            (
                "callout",
                {
                    "title": "What the Quick exit button does",
                    "text": (
                        "<p>It hides this page at once and opens a weather website. It does not delete your "
                        "browsing history: pages you visited are still listed there.</p>"
                    ),
                },
            ),
            (
                "paragraph",
                "<h2>Safer ways to browse</h2>"
                "<ul><li>Use a device the other person cannot reach, such as a library or a friend’s computer.</li>"
                "<li>Use a private or incognito window: it keeps no history after you close it.</li>"
                "<li>Press Shift three times, or tap Quick exit, to leave this site fast.</li></ul>",
            ),
            (
                "paragraph",
                "<h2>About your history</h2>"
                "<p>Clearing all of your history can make someone suspicious. It may be safer to delete "
                "only the pages from this site.</p>",
            ),
        ],
    },
]
# Generated once from ../shared/seed/wentzville-faq.txt: every question and answer paragraph is verbatim.
# Each question: (question, answer paragraphs, link name, shown on the home page).
FAQ_TOPICS = [
    {
        "title": "Getting help and getting out",
        "slug": "getting-help",
        "introduction": "Where people in the sex trade, and survivors of trafficking, can find support, housing, legal help and work.",
        "questions": [
            (
                "Are there support services for people wanting to leave prostitution?",
                [
                    "Yes, multiple local organizations offer comprehensive exit programs. The Covering House provides transitional housing, GED assistance, and job training specifically for trafficking survivors. Their 24-month residential program near Wentzville includes trauma therapy and life skills development.",
                    "Crisis intervention begins with the Missouri Safe House hotline (1-888-373-7888) connecting individuals to emergency shelter. Legal advocates from MOCSA help vacate prostitution-related convictions under Missouri’s victim protection laws. Workforce Solutions partners with employers like Amazon and FedEx to provide living-wage job placements.",
                ],
                "are-there-support-services-for-people-wanting-to-leave-prostitution",
                True,
            ),
            (
                "What legal alternatives exist for vulnerable individuals?",
                [
                    "Missouri’s SAFE Program provides emergency housing vouchers and cash assistance for those fleeing exploitation. Job training is available through St. Charles Community College’s FASTTRACK program offering free certifications in high-demand fields like logistics and healthcare.",
                    "Legal protections include vacatur laws allowing survivors to clear prostitution convictions and expungement options for minor offenses after rehabilitation completion. Immigrant victims qualify for T-visas regardless of documentation status when cooperating with trafficking investigations.",
                ],
                "what-legal-alternatives-exist-for-vulnerable-individuals",
                False,
            ),
        ],
    },
    {
        "title": "Health and safety",
        "slug": "health-and-safety",
        "introduction": "Health risks, violence, and where to get confidential health care and harm-reduction supplies.",
        "questions": [
            (
                "What health risks are associated with prostitution?",
                [
                    "Street-based sex work in Wentzville correlates with elevated STI rates – recent health department data shows 38% of tested workers had chlamydia or gonorrhea. Limited access to healthcare and inconsistent condom use (reported in only 62% of transactions) increases transmission risks. Needle sharing among substance-dependent workers contributes to hepatitis C outbreaks.",
                    "Violence remains pervasive: 74% of local sex workers report physical assaults according to Bridgeway Behavioral Health studies. Predatory clients exploit isolated areas near industrial parks and truck stops off Highway 61. Lack of legal protections prevents many from reporting crimes.",
                ],
                "what-health-risks-are-associated-with-prostitution",
                False,
            ),
            (
                "Where can sex workers access healthcare?",
                [
                    "St. Charles County Health Department offers confidential STI testing and needle exchanges at their Wentzville clinic (52 Industrial Drive). Bridgeway Behavioral Health provides trauma counseling and addiction treatment on sliding-scale fees. Night outreach vans distribute harm-reduction kits containing naloxone and wound care supplies.",
                ],
                "where-can-sex-workers-access-healthcare",
                True,
            ),
        ],
    },
    {
        "title": "Reporting, prevention and community",
        "slug": "community",
        "introduction": "How neighbours, schools, churches and businesses can help, and where to report what you see.",
        "questions": [
            (
                "Where should residents report suspicious activity?",
                [
                    "Contact Wentzville PD’s non-emergency line (636-327-5105) for suspected solicitation or trafficking. Provide vehicle descriptions, license plates, location details, and timestamps. Anonymous tips can be submitted through CrimeStoppers (866-371-TIPS) or the online portal at WentzvilleMo.gov/policedepartment.",
                    "Document incidents consistently – note patterns like recurring vehicles or specific meeting spots. Avoid confrontation; traffickers may be armed. For immediate threats or witnessed assaults, call 911. Police prioritize areas based on community reports, so consistent documentation drives enforcement resources.",
                ],
                "where-should-residents-report-suspicious-activity",
                True,
            ),
            (
                "What community resources combat trafficking?",
                [
                    "Wentzville’s Human Trafficking Task Force trains hotel staff, truckers, and medical personnel to recognize trafficking indicators. Anonymous tips can be submitted through the STL Metro Polaris hotline. Schools implement prevention curricula showing how traffickers groom victims through social media and local hangouts like Alligator’s Creek Aquatic Center.",
                ],
                "what-community-resources-combat-trafficking",
                False,
            ),
            (
                "What prevention strategies exist for youth?",
                [
                    "Schools implement early intervention through WSD’s “Not a Number” curriculum teaching online safety and recruitment tactics. After-school programs at the Wentzville Community Club offer mentorship and recreational alternatives. Police school resource officers monitor social media platforms for local trafficking solicitations disguised as modeling gigs.",
                ],
                "what-prevention-strategies-exist-for-youth",
                False,
            ),
            (
                "How can churches assist at-risk populations?",
                [
                    "Local congregations like Heartland Church operate outreach teams distributing hygiene kits and resource cards near known solicitation zones. The Wentzville Ministerial Alliance funds emergency motel vouchers and partners with food pantries. Crossroads Community Church offers free counseling through licensed therapists specializing in complex trauma recovery.",
                ],
                "how-can-churches-assist-at-risk-populations",
                False,
            ),
            (
                "How does prostitution impact Wentzville neighborhoods?",
                [
                    "Residential areas near transportation corridors experience increased litter (discarded condoms, needles), property theft, and transient activity. Police data shows 22% of burglaries in Peine Ridge involve clients or workers seeking valuables. Home values within 1,000 feet of known solicitation zones average 9% below comparable properties.",
                    "Business impacts include customers avoiding establishments near “track” areas. The Wentzville Chamber of Commerce funds extra private security patrols for the Boardwalk Avenue shopping district. Community coalitions like Neighbors United organize park cleanups and install motion-activated lighting in problem areas.",
                ],
                "how-does-prostitution-impact-wentzville-neighborhoods",
                False,
            ),
        ],
    },
    {
        "title": "The law and the police",
        "slug": "law-and-police",
        "introduction": "What the law says and how police in Wentzville work on prostitution and trafficking.",
        "questions": [
            (
                "Is prostitution illegal in Wentzville?",
                [
                    "Yes, all forms of prostitution are illegal in Wentzville under Missouri state law (RSMo 567.010) and local ordinances. Soliciting, offering, or purchasing sexual services can result in Class A misdemeanor charges carrying up to 1 year jail time and $2,000 fines. Undercover police operations regularly target sex buyers and sellers in high-traffic areas like I-70 service roads and Pearce Boulevard commercial zones.",
                    "Missouri classifies subsequent offenses as felonies with mandatory minimum sentences. Law enforcement collaborates with St. Charles County’s anti-trafficking task force using surveillance technology and online monitoring to identify exploitative situations. The legal definition includes any exchange of money/drugs for sexual contact, regardless of location or consent between parties.",
                ],
                "is-prostitution-illegal-in-wentzville",
                False,
            ),
            (
                "How do police investigate prostitution cases?",
                [
                    "Wentzville PD employs decoy operations, online monitoring of platforms like Skipthegames, and financial tracking. Evidence gathering includes recorded communications, surveillance footage, and traceable payment methods. Vehicle license plates near suspected “tracks” are routinely documented using automated license plate readers.",
                ],
                "how-do-police-investigate-prostitution-cases",
                False,
            ),
            (
                "What happens during a prostitution arrest?",
                [
                    "Arrests involve immediate detention, evidence documentation (text messages, condoms, cash), and mandatory STD testing. Cases are prosecuted under city ordinance 210.340 or state law. First-time offenders may enter diversion programs requiring counseling and community service.",
                ],
                "what-happens-during-a-prostitution-arrest",
                False,
            ),
            (
                "How are hotels addressing prostitution?",
                [
                    "Lodging managers receive training through the “Innkeeper’s Watch” program to recognize red flags: cash payments, refusal of housekeeping, excessive condom wrappers. Major chains near I-70 employ AI-based reservation screening that flags known solicitation patterns. Cooperation with police includes sharing registry data and security footage during investigations.",
                ],
                "how-are-hotels-addressing-prostitution",
                False,
            ),
        ],
    },
]

# The live answers. The seed's words above are each FAQ page's first revision, kept so the coalition's original
# text can be compared in the admin; where ../shared/FACTS.md shows the seed wrong, or a figure has no source,
# the live answer is corrected and says so under it (what changed, when, and the source).
CORRECTED = datetime.date(2026, 12, 1)
HOTLINE_SOURCE = {
    "name": "National Human Trafficking Hotline",
    "url": "https://humantraffickinghotline.org/en/report-trafficking",
}
LAW_SOURCE = {
    "name": "Revised Statutes of Missouri, sections 567.020 and 567.030",
    "url": "https://revisor.mo.gov/main/OneSection.aspx?section=567.020",
}
NO_FIGURES_SOURCE = "None found: no published source gives these figures."

FAQ_CORRECTIONS = {
    "Are there support services for people wanting to leave prostitution?": {
        "answer": [
            "Yes, several organizations help people leave the sex trade. The Covering House, in the St. Louis "
            "area, runs a long-term therapeutic home, with counseling, for girls about 12 to 18 who survived sex "
            "trafficking or sexual exploitation. The home is at a confidential location, and a place there is by "
            "referral: a caseworker, an advocate or the National Human Trafficking Hotline can refer.",
            "In a crisis, call the National Human Trafficking Hotline at 1-888-373-7888, or text 233733. It is "
            "free, confidential and open 24/7, in English and Spanish, and can connect you with emergency shelter. "
            "MOCSA’s legal advocates help survivors clear prostitution-related convictions, but MOCSA serves the "
            "Kansas City area, not St. Charles County. Workforce Solutions partners with employers like Amazon "
            "and FedEx to provide living-wage job placements.",
        ],
        "sources": [
            {"name": "The Covering House", "url": "https://thecoveringhouse.org/"},
            HOTLINE_SOURCE,
        ],
        "corrections": [
            {
                "note": "This answer described The Covering House as a 24-month residential program near "
                "Wentzville with GED help and job training for trafficking survivors. It is a home for girls "
                "about 12 to 18, in the St. Louis area, by referral.",
                "source": "The Covering House",
                "url": "https://thecoveringhouse.org/",
            },
            {
                "note": "This answer called 1-888-373-7888 the “Missouri Safe House hotline”. It is the National "
                "Human Trafficking Hotline: Missouri closed its own line in 2020 and sends callers to this number.",
                "source": "National Human Trafficking Hotline; Missouri Department of Public Safety",
                "url": HOTLINE_SOURCE["url"],
            },
            {
                "note": "This answer presented MOCSA as local help. MOCSA serves the Kansas City area.",
                "source": "MOCSA",
                "url": "https://www.mocsa.org/",
            },
        ],
    },
    "What health risks are associated with prostitution?": {
        "answer": [
            "Street-based sex work carries a high risk of sexually transmitted infections. Limited access to "
            "health care and inconsistent condom use increase the risk of passing infections on. Sharing needles "
            "spreads hepatitis C.",
            "Violence is common: many people in the sex trade are physically assaulted. Predatory clients exploit "
            "isolated areas near industrial parks and truck stops off Highway 61. Lack of legal protections "
            "prevents many from reporting crimes.",
        ],
        "corrections": [
            {
                "note": "This answer gave figures: 38% of people tested had chlamydia or gonorrhea, condoms were "
                "used in 62% of transactions, and 74% reported assaults, from Bridgeway Behavioral Health studies. "
                "We found no published source for them, so they have been taken out.",
                "source": NO_FIGURES_SOURCE,
            },
        ],
    },
    "What community resources combat trafficking?": {
        "answer": [
            "Wentzville’s Human Trafficking Task Force trains hotel staff, truckers, and medical personnel to "
            "recognize trafficking indicators. Tips, anonymous if you wish, go to the National Human Trafficking "
            "Hotline: call 1-888-373-7888 or text 233733. Schools implement prevention curricula showing how "
            "traffickers groom victims through social media and local hangouts like Alligator’s Creek Aquatic "
            "Center.",
        ],
        "sources": [HOTLINE_SOURCE],
        "corrections": [
            {
                "note": "This answer sent tips to an “STL Metro Polaris hotline”. There is no such line. Tips go to "
                "the National Human Trafficking Hotline, which Polaris no longer runs (since September 2025).",
                "source": "National Human Trafficking Hotline",
                "url": HOTLINE_SOURCE["url"],
            },
        ],
    },
    "How does prostitution impact Wentzville neighborhoods?": {
        "answer": [
            "Residential areas near transportation corridors experience increased litter (discarded condoms, "
            "needles), property theft, and transient activity. Some residents link burglaries and lower home "
            "values to known solicitation zones; we have no checked figures for either.",
            "Business impacts include customers avoiding establishments near “track” areas. The Wentzville Chamber "
            "of Commerce funds extra private security patrols for the Boardwalk Avenue shopping district. "
            "Community coalitions like Neighbors United organize park cleanups and install motion-activated "
            "lighting in problem areas.",
        ],
        "corrections": [
            {
                "note": "This answer said police data showed 22% of burglaries in Peine Ridge involved clients or "
                "workers, and that nearby home values were 9% lower. We found no published source for these "
                "figures, so they have been taken out.",
                "source": NO_FIGURES_SOURCE,
            },
        ],
    },
    "Is prostitution illegal in Wentzville?": {
        "answer": [
            "Yes. Prostitution is a crime under Missouri law (section 567.020 of the Revised Statutes of Missouri) "
            "and local ordinances. It is a class B misdemeanor, or a class B felony if the person knew they had "
            "HIV. Paying for sex, called patronizing prostitution, is a separate crime (section 567.030). "
            "Undercover police operations regularly target sex buyers and sellers in high-traffic areas like I-70 "
            "service roads and Pearce Boulevard commercial zones.",
            "Anyone under 18 is treated as a victim of abuse, not prosecuted for prostitution (section 567.020). "
            "If you are under 18 and someone is paying for sex with you, you are the victim: you can ask for help.",
            "Law enforcement collaborates with St. Charles County’s anti-trafficking task force using surveillance "
            "technology and online monitoring to identify exploitative situations. The legal definition includes "
            "any exchange of money/drugs for sexual contact, regardless of location or consent between parties.",
        ],
        "sources": [LAW_SOURCE],
        "corrections": [
            {
                "note": "This answer cited section 567.010, which only defines the chapter’s terms, and called "
                "prostitution a class A misdemeanor with up to 1 year in jail and a $2,000 fine. The offense is in "
                "section 567.020: a class B misdemeanor.",
                "source": LAW_SOURCE["name"],
                "url": LAW_SOURCE["url"],
            },
            {
                "note": "This answer said repeat offenses are felonies with mandatory minimum sentences. The law "
                "makes prostitution a felony only when the person knew they had HIV. It did not say that people "
                "under 18 are treated as victims; that has been added.",
                "source": LAW_SOURCE["name"],
                "url": LAW_SOURCE["url"],
            },
        ],
    },
}
