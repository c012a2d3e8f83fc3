"""Write the Job Atlas demo taxonomy (ESCO v1.1 CSV format) into data/jobs/demo_taxonomy/.

Everything below is written by hand for the demo: occupation and skill names are ordinary
job-market words, codes are ESCO-like, and the ISCO-08 group titles are the public ILO
ones. No row comes from the ESCO download. URIs live in our own namespace
(https://job-atlas.invalid/demo/..., .invalid is reserved by RFC 2606), so demo concepts
can never be mistaken for ESCO's.

Run:  python data/jobs/make_demo_taxonomy.py [--out DIR]
The output is deterministic; the committed CSVs are this script's output.
"""
from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

NAMESPACE = "https://job-atlas.invalid/demo/"
OUT_DIR = Path(__file__).resolve().parent / "demo_taxonomy"
MODIFIED = "2024-01-01T00:00:00Z"

# --------------------------------------------------------------------------- ISCO-08 groups
ISCO = {
    "0": "Armed forces occupations",
    "01": "Commissioned armed forces officers", "011": "Commissioned armed forces officers",
    "0110": "Commissioned armed forces officers",
    "02": "Non-commissioned armed forces officers", "021": "Non-commissioned armed forces officers",
    "0210": "Non-commissioned armed forces officers",
    "03": "Armed forces occupations, other ranks", "031": "Armed forces occupations, other ranks",
    "0310": "Armed forces occupations, other ranks",
    "1": "Managers",
    "11": "Chief executives, senior officials and legislators",
    "112": "Managing directors and chief executives", "1120": "Managing directors and chief executives",
    "12": "Administrative and commercial managers",
    "121": "Business services and administration managers", "1212": "Human resource managers",
    "13": "Production and specialised services managers",
    "133": "Information and communications technology services managers",
    "1330": "Information and communications technology services managers",
    "14": "Hospitality, retail and other services managers",
    "141": "Hotel and restaurant managers", "1411": "Hotel managers",
    "142": "Retail and wholesale trade managers", "1420": "Retail and wholesale trade managers",
    "2": "Professionals",
    "21": "Science and engineering professionals",
    "214": "Engineering professionals (excluding electrotechnology)",
    "2142": "Civil engineers", "2144": "Mechanical engineers",
    "22": "Health professionals",
    "221": "Medical doctors", "2211": "Generalist medical practitioners",
    "222": "Nursing and midwifery professionals", "2221": "Nursing professionals",
    "226": "Other health professionals", "2262": "Pharmacists",
    "23": "Teaching professionals",
    "233": "Secondary education teachers", "2330": "Secondary education teachers",
    "24": "Business and administration professionals",
    "241": "Finance professionals", "2411": "Accountants",
    "25": "Information and communications technology professionals",
    "251": "Software and applications developers and analysts",
    "2511": "Systems analysts", "2512": "Software developers", "2513": "Web and multimedia developers",
    "26": "Legal, social and cultural professionals",
    "261": "Legal professionals", "2611": "Lawyers",
    "3": "Technicians and associate professionals",
    "31": "Science and engineering associate professionals",
    "311": "Physical and engineering science technicians", "3113": "Electrical engineering technicians",
    "32": "Health associate professionals",
    "321": "Medical and pharmaceutical technicians", "3213": "Pharmaceutical technicians and assistants",
    "33": "Business and administration associate professionals",
    "331": "Financial and mathematical associate professionals",
    "3313": "Accounting associate professionals",
    "333": "Business services agents", "3334": "Real estate agents and property managers",
    "35": "Information and communications technicians",
    "351": "Information and communications technology operations and user support technicians",
    "3512": "Information and communications technology user support technicians",
    "4": "Clerical support workers",
    "41": "General and keyboard clerks", "411": "General office clerks", "4110": "General office clerks",
    "42": "Customer services clerks", "422": "Client information workers",
    "4222": "Contact centre information clerks", "4224": "Hotel receptionists",
    "4226": "Receptionists (general)",
    "43": "Numerical and material recording clerks",
    "432": "Material-recording and transport clerks", "4321": "Stock clerks",
    "5": "Service and sales workers",
    "51": "Personal service workers", "512": "Cooks", "5120": "Cooks",
    "513": "Waiters and bartenders", "5131": "Waiters",
    "514": "Hairdressers, beauticians and related workers", "5141": "Hairdressers",
    "52": "Sales workers", "522": "Shop salespersons", "5223": "Shop sales assistants",
    "53": "Personal care workers", "531": "Child care workers and teachers' aides",
    "5311": "Child care workers",
    "532": "Personal care workers in health services", "5321": "Health care assistants",
    "54": "Protective services workers", "541": "Protective services workers", "5414": "Security guards",
    "6": "Skilled agricultural, forestry and fishery workers",
    "61": "Market-oriented skilled agricultural workers",
    "611": "Market gardeners and crop growers", "6113": "Gardeners, horticultural and nursery growers",
    "612": "Animal producers", "6121": "Livestock and dairy producers",
    "62": "Market-oriented skilled forestry, fishery and hunting workers",
    "621": "Forestry and related workers", "6210": "Forestry and related workers",
    "7": "Craft and related trades workers",
    "71": "Building and related trades workers, excluding electricians",
    "711": "Building frame and related trades workers",
    "7112": "Bricklayers and related workers", "7115": "Carpenters and joiners",
    "712": "Building finishers and related trades workers", "7126": "Plumbers and pipe fitters",
    "72": "Metal, machinery and related trades workers",
    "721": "Sheet and structural metal workers, moulders and welders, and related workers",
    "7212": "Welders and flame cutters",
    "723": "Machinery mechanics and repairers", "7231": "Motor vehicle mechanics and repairers",
    "74": "Electrical and electronic trades workers",
    "741": "Electrical equipment installers and repairers", "7411": "Building and related electricians",
    "8": "Plant and machine operators and assemblers",
    "81": "Stationary plant and machine operators",
    "818": "Other stationary plant and machine operators",
    "8183": "Packing, bottling and labelling machine operators",
    "83": "Drivers and mobile plant operators",
    "833": "Heavy truck and bus drivers", "8331": "Bus and tram drivers",
    "8332": "Heavy truck and lorry drivers",
    "834": "Mobile plant operators", "8344": "Lifting truck operators",
    "9": "Elementary occupations",
    "91": "Cleaners and helpers", "911": "Domestic, hotel and office cleaners and helpers",
    "9112": "Cleaners and helpers in offices, hotels and other establishments",
    "93": "Labourers in mining, construction, manufacturing and transport",
    "931": "Mining and construction labourers", "9313": "Building construction labourers",
    "933": "Transport and storage labourers", "9333": "Freight handlers",
    "94": "Food preparation assistants", "941": "Food preparation assistants", "9412": "Kitchen helpers",
    "96": "Refuse workers and other elementary workers", "962": "Other elementary workers",
    "9621": "Messengers, package deliverers and luggage porters",
}

# --------------------------------------------------------------------------- skills
# label: (type K=knowledge / S=skill/competence, reuse level, alternative labels, description)
T, C, SS, OS = "transversal", "cross-sector", "sector-specific", "occupation-specific"
SKILLS = {
    # transversal and cross-sector
    "communicate with customers": ("S", T, ["customer communication", "talk to clients"],
                                   "Respond to and communicate with customers clearly and politely."),
    "work in a team": ("S", T, ["teamwork", "cooperate with colleagues"],
                       "Work confidently within a group, each doing their part for the common goal."),
    "manage time": ("S", T, ["time management", "plan own work"],
                    "Plan the order and length of tasks so work is done on time."),
    "use office software": ("S", C, ["use spreadsheets and word processors", "office applications"],
                            "Use word processors, spreadsheets, e-mail and calendars for everyday work."),
    "English": ("K", T, ["English language", "business English"],
                "Understand, speak and write English at work."),
    "health and safety regulations": ("K", C, ["occupational health and safety", "workplace safety rules"],
                                      "Rules that protect the health and safety of workers and the public."),
    "follow health and safety procedures": ("S", C, ["apply safety procedures", "work safely"],
                                           "Apply hygiene and safety standards in daily work."),
    "lead a team": ("S", T, ["team leadership", "supervise a team"],
                    "Direct and motivate a group of people towards an agreed result."),
    "solve problems": ("S", T, ["problem solving", "find solutions"],
                       "Find and apply solutions to problems that come up in work."),
    "manage budgets": ("S", C, ["budget management", "control budgets"],
                       "Plan, monitor and report on a budget."),
    "project management": ("K", C, ["project management methods", "managing projects"],
                           "Methods for planning and steering projects to time, cost and quality."),
    "labour law": ("K", C, ["employment law", "workers' rights legislation"],
                   "Law that governs the relation between employers and employees."),
    "first aid": ("K", C, ["first aid techniques", "emergency first aid"],
                  "Immediate care given to an injured or ill person until help arrives."),
    "drive vehicles": ("S", C, ["drive a car", "operate road vehicles"],
                       "Drive vehicles of the class the driving licence allows."),
    "handle cash": ("S", C, ["process payments", "operate a cash register"],
                    "Take payments in cash or by card and give correct change."),
    "keep records": ("S", C, ["maintain records", "record keeping"],
                     "Keep accurate, up-to-date records of work done."),
    "negotiate": ("S", T, ["negotiation", "negotiate agreements"],
                  "Reach agreements that serve the interests of all sides."),
    "customer service": ("K", C, ["client service", "customer care"],
                         "Principles of serving customers well before, during and after a sale."),
    "German": ("K", T, ["German language"], "Understand, speak and write German at work."),
    "French": ("K", T, ["French language"], "Understand, speak and write French at work."),
    # military
    "military tactics": ("K", OS, ["battle tactics", "tactical doctrine"],
                         "How units are arranged and moved in operations."),
    "military drill": ("K", OS, ["drill", "parade drill"], "Formations and movements practised by troops."),
    "weapon handling": ("S", OS, ["use firearms", "handle weapons"],
                        "Handle, maintain and use service weapons safely."),
    "plan military operations": ("S", OS, ["plan operations", "operational planning"],
                                 "Plan the aims, means and timing of military operations."),
    "train personnel": ("S", C, ["train staff", "instruct personnel"],
                        "Teach people the skills and procedures their job needs."),
    "maintain physical fitness": ("S", C, ["keep fit", "physical training"],
                                  "Keep the fitness a physically demanding job needs."),
    # management and business
    "strategic planning": ("K", C, ["business strategy", "corporate strategy"],
                           "Setting an organisation's aims and how it will reach them."),
    "financial statements": ("K", SS, ["annual accounts", "balance sheet and income statement"],
                             "The records that show an organisation's financial position and results."),
    "recruit employees": ("S", SS, ["hire staff", "recruitment"],
                          "Advertise jobs, interview and select people to hire."),
    "human resource management": ("K", SS, ["HR management", "personnel management"],
                                  "Managing the people of an organisation: hiring, pay, development."),
    "manage staff": ("S", C, ["people management", "manage employees"],
                     "Plan, direct and appraise the work of employees."),
    "ICT infrastructure": ("K", SS, ["IT infrastructure", "network and server infrastructure"],
                           "The hardware, networks and services an organisation's IT runs on."),
    "information security": ("K", SS, ["IT security", "cyber security"],
                             "Protecting information and systems from unauthorised access."),
    "hospitality industry": ("K", SS, ["hotel business", "hospitality sector"],
                             "How hotels, restaurants and related businesses work."),
    "retail management": ("K", SS, ["store management", "retail operations"],
                          "Running shops: staffing, stock, sales and merchandising."),
    "monitor sales": ("S", SS, ["track sales", "analyse sales figures"],
                      "Follow sales figures and act on what they show."),
    "manage stock": ("S", C, ["stock control", "inventory management"],
                     "Order, store and count goods so they are there when needed."),
    # ICT
    "computer programming": ("K", SS, ["programming", "software coding"],
                             "Writing programs: algorithms, coding, testing and debugging."),
    "Python": ("K", SS, ["Python programming", "Python language"], "The Python programming language."),
    "Java": ("K", SS, ["Java programming", "Java language"], "The Java programming language."),
    "JavaScript": ("K", SS, ["JS", "ECMAScript"], "The programming language of web browsers."),
    "SQL": ("K", SS, ["structured query language", "database queries"],
            "The language used to define and query relational databases."),
    "write computer code": ("S", SS, ["write code", "develop software"],
                            "Write source code that meets a specification."),
    "debug software": ("S", SS, ["fix software defects", "debugging"],
                       "Find and correct errors in computer programs."),
    "use version control": ("S", SS, ["use Git", "source control"],
                            "Track and merge changes to source code with a version control system."),
    "cloud computing": ("K", SS, ["cloud platforms", "cloud services"],
                        "Computing services delivered over the internet on demand."),
    "agile development": ("K", SS, ["agile methods", "Scrum"], "Iterative ways of developing software."),
    "HTML and CSS": ("K", SS, ["web markup", "HTML5 and CSS3"], "The languages that structure and style web pages."),
    "design user interfaces": ("S", SS, ["UI design", "design web pages"],
                               "Design screens people find easy to use."),
    "statistics": ("K", C, ["statistical methods", "applied statistics"],
                   "Collecting, analysing and interpreting numerical data."),
    "machine learning": ("K", SS, ["ML", "predictive modelling"],
                         "Methods that let computers learn patterns from data."),
    "analyse data": ("S", C, ["data analysis", "interpret data"],
                     "Inspect and model data to find useful information."),
    "present results": ("S", T, ["report findings", "present findings"],
                        "Explain results clearly to the people who need them."),
    "troubleshoot ICT problems": ("S", SS, ["fix computer problems", "IT troubleshooting"],
                                  "Find and fix faults in computers, networks and software."),
    "operating systems": ("K", SS, ["Windows and Linux", "OS administration"],
                          "How computer operating systems work and are configured."),
    # health
    "human anatomy": ("K", SS, ["anatomy", "anatomy and physiology"], "The structure and function of the human body."),
    "nursing science": ("K", OS, ["nursing theory", "nursing practice"], "The science and methods of nursing care."),
    "provide nursing care": ("S", OS, ["nursing care", "care for patients"],
                             "Plan and give nursing care to patients."),
    "administer medication": ("S", SS, ["give medicines", "medication administration"],
                              "Give patients medicines as prescribed, safely and on time."),
    "infection control": ("K", SS, ["hygiene in healthcare", "prevent infections"],
                          "Measures that stop infections spreading in care settings."),
    "medicine": ("K", OS, ["medical science", "clinical medicine"], "The science of diagnosing and treating illness."),
    "diagnose patients": ("S", OS, ["make diagnoses", "clinical diagnosis"],
                          "Find the cause of a patient's complaints from history, examination and tests."),
    "pharmacology": ("K", SS, ["drug science", "pharmacotherapy"], "How medicines act on the body."),
    "dispense medicines": ("S", OS, ["fill prescriptions", "supply medicines"],
                           "Prepare and hand out medicines against prescriptions."),
    "assist patients with daily activities": ("S", SS, ["help patients wash and dress", "personal care"],
                                              "Help patients eat, wash, dress and move."),
    "measure vital signs": ("S", SS, ["take blood pressure", "check vital signs"],
                            "Measure temperature, pulse, breathing and blood pressure."),
    # teaching, law, finance
    "pedagogy": ("K", SS, ["teaching methods", "didactics"], "The theory and practice of teaching."),
    "plan lessons": ("S", OS, ["prepare lessons", "lesson planning"], "Prepare lesson content and materials."),
    "assess students": ("S", SS, ["grade students", "evaluate pupils"], "Judge students' progress and give feedback."),
    "manage a classroom": ("S", OS, ["classroom management", "keep discipline"],
                           "Keep order and attention in a class."),
    "accounting": ("K", SS, ["financial accounting", "bookkeeping principles"],
                   "Recording and reporting financial transactions."),
    "tax legislation": ("K", SS, ["tax law", "taxation rules"], "Law on taxes and how they are assessed."),
    "prepare financial statements": ("S", SS, ["draw up accounts", "produce annual accounts"],
                                     "Put together the financial statements of a period."),
    "audit accounts": ("S", SS, ["check accounts", "financial audit"], "Check financial records for accuracy."),
    "keep financial records": ("S", SS, ["bookkeeping", "record transactions"],
                               "Record every financial transaction accurately."),
    "civil law": ("K", OS, ["private law", "contract law"], "Law on relations between private parties."),
    "legal research": ("S", OS, ["research case law", "study legislation"],
                       "Find and analyse legislation and case law for a matter."),
    "represent clients in court": ("S", OS, ["plead in court", "litigation"], "Argue a client's case before a court."),
    "draft legal documents": ("S", OS, ["write contracts", "prepare legal documents"],
                              "Write contracts, submissions and other legal texts."),
    "real estate market": ("K", OS, ["property market", "housing market"], "How property is bought, sold and let."),
    "value properties": ("S", OS, ["property valuation", "appraise property"], "Estimate what a property is worth."),
    # engineering and technical
    "engineering principles": ("K", SS, ["engineering fundamentals", "engineering design principles"],
                               "Functionality, replicability and cost in engineering design."),
    "structural engineering": ("K", OS, ["structural analysis", "structural design"],
                               "How structures carry loads safely."),
    "use CAD software": ("S", SS, ["computer-aided design", "use AutoCAD"],
                         "Use computer-aided design programs to make technical drawings."),
    "read technical drawings": ("S", SS, ["interpret blueprints", "read blueprints"],
                                "Understand plans, drawings and specifications."),
    "mechanics": ("K", SS, ["applied mechanics", "engineering mechanics"], "How forces act on bodies and machines."),
    "electricity": ("K", SS, ["electrical principles", "electrical theory"], "How electric circuits and power work."),
    "electrical wiring diagrams": ("K", SS, ["wiring diagrams", "circuit diagrams"],
                                   "Drawings that show how electrical circuits are connected."),
    "install electrical wiring": ("S", OS, ["install wiring", "wire buildings"],
                                  "Lay cables and connect electrical installations in buildings."),
    "test electrical equipment": ("S", SS, ["test electrical installations", "use a multimeter"],
                                  "Check electrical equipment and installations work safely."),
    "building codes": ("K", SS, ["building regulations", "construction standards"],
                       "Rules that buildings and installations must meet."),
    # hospitality, sales, personal services
    "food safety and hygiene": ("K", SS, ["food hygiene", "HACCP"], "Rules for handling food safely."),
    "prepare food": ("S", SS, ["cook meals", "food preparation"], "Prepare and cook dishes to recipe and standard."),
    "culinary techniques": ("K", OS, ["cooking techniques", "kitchen methods"],
                            "Methods of cooking: roasting, braising, baking and more."),
    "serve food and drinks": ("S", OS, ["table service", "serve guests"], "Serve food and drinks to guests at table."),
    "take orders": ("S", SS, ["take food orders", "record orders"], "Take customers' orders accurately."),
    "cut hair": ("S", OS, ["hair cutting", "style hair"], "Cut and style hair with scissors and clippers."),
    "hair care products": ("K", OS, ["hair colouring products", "hair products"],
                           "Shampoos, colours and treatments and how to use them."),
    "sell products": ("S", C, ["sales techniques", "close sales"], "Help customers choose and buy goods."),
    "arrange products on shelves": ("S", SS, ["stock shelves", "merchandising"],
                                    "Fill shelves and arrange goods so customers find them."),
    "child development": ("K", SS, ["early childhood development", "child psychology"],
                          "How children grow and develop physically, emotionally and socially."),
    "supervise children": ("S", OS, ["look after children", "childcare"], "Keep children safe and occupied."),
    "surveillance methods": ("K", OS, ["security surveillance", "CCTV monitoring"],
                             "Methods and equipment for watching premises."),
    "patrol areas": ("S", OS, ["patrol premises", "security rounds"], "Walk or drive rounds to watch for trouble."),
    "handle emergencies": ("S", C, ["emergency response", "deal with incidents"],
                           "Act calmly and correctly when an emergency happens."),
    "answer telephone calls": ("S", C, ["handle calls", "phone handling"], "Answer and route telephone calls."),
    "schedule appointments": ("S", C, ["book appointments", "manage calendars"], "Arrange meetings and appointments."),
    "filing systems": ("K", C, ["document management", "archiving"], "Ways of storing documents so they can be found."),
    "call centre technologies": ("K", SS, ["CRM software", "telephony systems"],
                                 "The software and telephony used in contact centres."),
    "warehouse operations": ("K", SS, ["warehousing", "logistics operations"],
                             "Receiving, storing and shipping goods in a warehouse."),
    # agriculture and forestry
    "animal husbandry": ("K", OS, ["livestock care", "animal welfare in farming"],
                         "Breeding, feeding and caring for farm animals."),
    "feed animals": ("S", OS, ["feed livestock", "prepare animal feed"], "Give animals the right feed at the right time."),
    "milk animals": ("S", OS, ["milk cows", "operate milking equipment"], "Milk cows or other animals by hand or machine."),
    "horticulture": ("K", SS, ["plant cultivation", "gardening principles"], "Growing plants, flowers and vegetables."),
    "plant and maintain green areas": ("S", OS, ["maintain gardens", "landscape maintenance"],
                                       "Plant, prune and mow parks and gardens."),
    "operate agricultural machinery": ("S", SS, ["drive a tractor", "use farm machinery"],
                                       "Drive and use tractors and other farm machines."),
    "forestry": ("K", OS, ["forest management", "silviculture"], "Growing, managing and harvesting forests."),
    "fell trees": ("S", OS, ["cut down trees", "use a chainsaw"], "Cut down trees safely in a chosen direction."),
    # construction and trades
    "construction methods": ("K", SS, ["building techniques", "construction techniques"],
                             "How buildings are put up, from foundations to roof."),
    "lay bricks": ("S", OS, ["bricklaying", "build brick walls"], "Lay bricks in mortar to build walls."),
    "woodworking": ("K", OS, ["types of wood", "timber properties"], "Kinds of wood and how they can be worked."),
    "use power tools": ("S", C, ["operate power tools", "handle electric tools"],
                        "Use drills, saws and grinders safely."),
    "plumbing systems": ("K", OS, ["water supply and drainage", "pipework"],
                         "Pipes, fittings and fixtures that carry water and waste."),
    "install pipes": ("S", OS, ["fit pipes", "pipefitting"], "Cut, join and fit pipes."),
    "welding techniques": ("K", OS, ["MIG and TIG welding", "arc welding"], "Ways of joining metal with heat."),
    "weld metal": ("S", OS, ["perform welding", "join metal parts"], "Join metal parts by welding."),
    "vehicle technology": ("K", OS, ["automotive engineering", "car systems"],
                           "How engines, brakes, electrics and other vehicle systems work."),
    "repair vehicles": ("S", OS, ["fix cars", "service vehicles"], "Find and repair faults in motor vehicles."),
    "use diagnostic equipment": ("S", SS, ["use vehicle diagnostics", "read fault codes"],
                                 "Use testers to find faults in machines and vehicles."),
    # operators and drivers
    "road traffic laws": ("K", SS, ["traffic regulations", "highway code"], "The rules of the road."),
    "transport passengers": ("S", OS, ["carry passengers", "drive passengers"],
                             "Carry passengers safely and on time."),
    "plan routes": ("S", SS, ["route planning", "navigate routes"], "Choose the best route for a trip or round."),
    "secure cargo": ("S", SS, ["load securing", "strap loads"], "Fasten loads so they cannot shift in transport."),
    "operate a forklift": ("S", OS, ["drive a forklift", "use a lift truck"], "Drive a forklift to lift and move loads."),
    "operate packaging machines": ("S", OS, ["run packing lines", "operate filling machines"],
                                   "Set up, run and watch packing, filling and labelling machines."),
    "quality control": ("K", C, ["quality assurance", "quality checks"], "Checking that products meet standards."),
    "maintain machinery": ("S", C, ["machine maintenance", "service equipment"],
                           "Clean, adjust and service machines so they keep running."),
    # elementary
    "cleaning techniques": ("K", SS, ["cleaning methods", "cleaning products"],
                            "Ways and products to clean surfaces and rooms."),
    "clean surfaces": ("S", SS, ["clean rooms", "wipe surfaces"], "Clean floors, windows and other surfaces."),
    "handle waste": ("S", C, ["dispose of waste", "sort rubbish"], "Collect and dispose of waste by the rules."),
    "lift heavy loads": ("S", C, ["manual handling", "carry heavy items"], "Lift and carry heavy things safely."),
    "load and unload goods": ("S", SS, ["load lorries", "unload deliveries"], "Load and unload vehicles and containers."),
    "wash dishes": ("S", OS, ["dishwashing", "clean kitchen utensils"], "Wash dishes, pots and kitchen tools."),
    "deliver parcels": ("S", OS, ["deliver packages", "courier deliveries"], "Carry parcels to the addressee on time."),
    # added with the occupation hierarchy: narrower and neighbouring occupations
    "computer vision": ("K", SS, ["image recognition", "machine vision"],
                        "Methods that let computers find and interpret objects in images and video."),
    "deep learning": ("K", SS, ["neural networks", "deep neural networks"],
                      "Machine learning with many-layered neural networks."),
    "software architecture": ("K", SS, ["software design patterns", "system architecture"],
                              "How a software system is divided into parts and how the parts work together."),
    "mobile operating systems": ("K", SS, ["Android and iOS", "mobile platforms"],
                                 "The operating systems of phones and tablets and how apps run on them."),
    "analyse business requirements": ("S", SS, ["gather requirements", "requirements analysis"],
                                      "Find out what users and the business need from a system."),
    "paediatrics": ("K", OS, ["child health", "paediatric medicine"],
                    "The medical care of babies, children and young people."),
    "pastry techniques": ("K", OS, ["baking techniques", "patisserie"],
                          "Making doughs, creams, cakes and desserts."),
    "solar energy systems": ("K", OS, ["photovoltaics", "solar power systems"],
                             "How solar panels, inverters and batteries turn sunlight into electricity."),
    "install solar panels": ("S", OS, ["mount PV panels", "fit solar modules"],
                             "Mount solar panels, wire them and connect them to the building's system."),
    "heat pump systems": ("K", OS, ["heat pumps", "heat pump technology"],
                          "How heat pumps move heat from air, ground or water into buildings."),
    "install heating systems": ("S", OS, ["fit heating systems", "install heat pumps"],
                                "Fit boilers, heat pumps, radiators and their pipework."),
    "energy efficiency": ("K", C, ["saving energy", "energy saving measures"],
                          "Ways to use less energy for the same result in buildings and equipment."),
    "hotel front office operations": ("K", OS, ["front office", "hotel reception procedures"],
                                      "Bookings, check-in, check-out and billing at a hotel's front desk."),
    "check in guests": ("S", OS, ["register guests", "guest check-in"],
                        "Welcome guests, register them and hand over their rooms."),
}

# --------------------------------------------------------------------------- occupations
# (label, code, alternative labels, description,
#  essential knowledge, essential skills, optional knowledge, optional skills)
OCCUPATIONS = [
    ("army officer", "0110.1", ["military officer", "commissioned officer", "infantry officer"],
     "Army officers lead units of soldiers, plan operations and are responsible for training and discipline.",
     ["military tactics", "health and safety regulations"], ["lead a team", "plan military operations", "train personnel"],
     ["English", "first aid"], ["weapon handling", "negotiate", "maintain physical fitness"]),
    ("army sergeant", "0210.1", ["sergeant", "non-commissioned officer", "staff sergeant"],
     "Army sergeants lead small teams of soldiers and carry out orders in training and operations.",
     ["military drill", "military tactics"], ["lead a team", "train personnel", "weapon handling"],
     ["first aid"], ["maintain physical fitness", "handle emergencies"]),
    ("soldier", "0310.1", ["private soldier", "infantry soldier", "rifleman"],
     "Soldiers serve in the army, train for and take part in military operations and support civil authorities.",
     ["military drill", "first aid"], ["weapon handling", "maintain physical fitness", "work in a team"],
     ["military tactics"], ["drive vehicles", "handle emergencies"]),
    ("chief executive officer", "1120.1", ["CEO", "managing director", "chief executive"],
     "Chief executive officers lead a company, set its strategy and answer to the board for its results.",
     ["strategic planning", "financial statements"], ["lead a team", "manage budgets", "negotiate"],
     ["labour law", "project management"], ["present results", "solve problems"]),
    ("human resources manager", "1212.1", ["HR manager", "personnel manager", "head of HR"],
     "Human resources managers plan hiring, pay, training and staff relations in an organisation.",
     ["human resource management", "labour law"], ["recruit employees", "manage staff", "negotiate"],
     ["strategic planning"], ["manage budgets", "use office software", "train personnel"]),
    ("ICT manager", "1330.1", ["IT manager", "head of IT", "ICT services manager"],
     "ICT managers plan and run an organisation's information technology, systems and IT staff.",
     ["ICT infrastructure", "information security", "project management"], ["manage staff", "manage budgets"],
     ["cloud computing", "agile development"], ["negotiate", "lead a team", "solve problems"]),
    ("hotel manager", "1411.1", ["general manager of a hotel", "hotel director"],
     "Hotel managers run a hotel: staff, rooms, guests, finances and service quality.",
     ["hospitality industry", "customer service"], ["manage staff", "manage budgets", "communicate with customers"],
     ["English", "food safety and hygiene"], ["recruit employees", "handle emergencies"]),
    ("shop manager", "1420.1", ["store manager", "retail manager", "branch manager"],
     "Shop managers run a shop: staff, stock, sales targets and customer service.",
     ["retail management", "customer service"], ["manage staff", "monitor sales", "manage stock"],
     ["labour law"], ["recruit employees", "handle cash", "use office software"]),
    ("civil engineer", "2142.1", ["structural engineer", "construction engineer"],
     "Civil engineers design and supervise the building of roads, bridges, buildings and water systems.",
     ["engineering principles", "structural engineering", "building codes"], ["use CAD software", "read technical drawings"],
     ["project management", "construction methods"], ["manage budgets", "present results"]),
    ("mechanical engineer", "2144.1", ["machine design engineer", "mechanical design engineer"],
     "Mechanical engineers design, test and improve machines and mechanical systems.",
     ["engineering principles", "mechanics"], ["use CAD software", "read technical drawings", "solve problems"],
     ["quality control", "statistics"], ["present results", "maintain machinery"]),
    ("general practitioner", "2211.1", ["family doctor", "GP", "medical doctor"],
     "General practitioners diagnose and treat common illness and refer patients to specialists.",
     ["medicine", "human anatomy", "pharmacology"], ["diagnose patients", "communicate with customers"],
     ["infection control"], ["measure vital signs", "keep records"]),
    ("nurse responsible for general care", "2221.1", ["nurse", "registered nurse", "general nurse"],
     "General nurses plan and give nursing care to patients in hospitals, homes and the community.",
     ["nursing science", "human anatomy", "infection control"],
     ["provide nursing care", "administer medication", "measure vital signs"],
     ["pharmacology", "first aid"], ["work in a team", "keep records", "handle emergencies"]),
    ("pharmacist", "2262.1", ["dispensing pharmacist", "community pharmacist"],
     "Pharmacists dispense medicines, advise patients on their use and check prescriptions.",
     ["pharmacology", "medicine"], ["dispense medicines", "communicate with customers"],
     ["infection control"], ["keep records", "manage stock"]),
    ("secondary school teacher", "2330.1", ["high school teacher", "secondary teacher", "subject teacher"],
     "Secondary school teachers teach a subject to young people and assess their progress.",
     ["pedagogy"], ["plan lessons", "assess students", "manage a classroom"],
     ["child development", "English"], ["present results", "use office software"]),
    ("accountant", "2411.1", ["chartered accountant", "certified accountant"],
     "Accountants prepare and check financial statements, tax returns and advise on finances.",
     ["accounting", "tax legislation", "financial statements"], ["prepare financial statements", "audit accounts"],
     ["statistics"], ["use office software", "analyse data", "present results"]),
    ("data scientist", "2511.4", ["data analyst", "machine learning specialist"],
     "Data scientists collect and analyse data and build models that answer business questions.",
     ["statistics", "machine learning", "Python"], ["analyse data", "present results", "write computer code"],
     ["SQL", "cloud computing"], ["solve problems", "use version control"]),
    ("software developer", "2512.4", ["software engineer", "programmer", "application developer"],
     "Software developers design, write, test and maintain computer programs.",
     ["computer programming", "Java"], ["write computer code", "debug software", "use version control"],
     ["Python", "SQL", "agile development", "cloud computing"], ["solve problems", "work in a team"]),
    ("web developer", "2513.2", ["website developer", "front-end developer", "web programmer"],
     "Web developers build websites and web applications, from page design to server code.",
     ["HTML and CSS", "JavaScript"], ["write computer code", "design user interfaces", "debug software"],
     ["SQL", "Python"], ["use version control", "communicate with customers"]),
    ("lawyer", "2611.1", ["attorney", "solicitor", "legal counsel"],
     "Lawyers advise clients on the law, draft legal documents and represent clients in court.",
     ["civil law", "labour law"], ["legal research", "draft legal documents", "represent clients in court"],
     ["tax legislation", "English"], ["negotiate", "communicate with customers"]),
    ("electrical engineering technician", "3113.1", ["electrical technician", "electrotechnician"],
     "Electrical engineering technicians help engineers design, build and test electrical equipment.",
     ["electricity", "electrical wiring diagrams"], ["test electrical equipment", "read technical drawings"],
     ["health and safety regulations"], ["use CAD software", "maintain machinery", "solve problems"]),
    ("pharmacy technician", "3213.1", ["pharmacy assistant", "dispensing technician"],
     "Pharmacy technicians prepare and hand out medicines under a pharmacist's supervision.",
     ["pharmacology"], ["dispense medicines", "manage stock"],
     ["infection control", "customer service"], ["handle cash", "keep records"]),
    ("bookkeeper", "3313.1", ["accounts clerk", "bookkeeping clerk"],
     "Bookkeepers record the financial transactions of an organisation and prepare reports.",
     ["accounting"], ["keep financial records", "use office software"],
     ["tax legislation"], ["prepare financial statements", "manage time"]),
    ("real estate agent", "3334.1", ["estate agent", "realtor", "property agent"],
     "Real estate agents sell and let property on behalf of owners and value homes.",
     ["real estate market"], ["value properties", "negotiate", "communicate with customers"],
     ["civil law"], ["drive vehicles", "sell products"]),
    ("ICT help desk agent", "3512.1", ["IT support technician", "help desk technician", "service desk agent"],
     "ICT help desk agents answer users' questions and fix problems with computers and software.",
     ["operating systems"], ["troubleshoot ICT problems", "communicate with customers"],
     ["ICT infrastructure", "information security"], ["answer telephone calls", "keep records"]),
    ("administrative assistant", "4110.1", ["office assistant", "office clerk", "administrative clerk"],
     "Administrative assistants handle correspondence, files, schedules and other office work.",
     ["filing systems"], ["use office software", "schedule appointments", "manage time"],
     ["English"], ["answer telephone calls", "keep records"]),
    ("call centre agent", "4222.1", ["contact centre agent", "customer service representative", "call center agent"],
     "Call centre agents answer customers' calls and messages and solve their requests.",
     ["call centre technologies", "customer service"], ["answer telephone calls", "communicate with customers"],
     ["German", "French"], ["sell products", "solve problems"]),
    ("receptionist", "4226.1", ["front desk clerk", "front office assistant"],
     "Receptionists greet visitors, answer calls and give information at an organisation's front desk.",
     ["customer service"], ["answer telephone calls", "schedule appointments", "communicate with customers"],
     ["English", "filing systems"], ["use office software", "handle cash"]),
    ("stock clerk", "4321.1", ["inventory clerk", "stores clerk"],
     "Stock clerks record goods received, stored and dispatched and keep stock levels right.",
     ["warehouse operations"], ["manage stock", "keep records"],
     ["quality control"], ["use office software", "operate a forklift"]),
    ("cook", "5120.1", ["chef", "line cook", "restaurant cook"],
     "Cooks prepare and cook dishes in restaurants, canteens and hotels.",
     ["culinary techniques", "food safety and hygiene"], ["prepare food", "work in a team"],
     ["health and safety regulations"], ["manage stock", "manage time"]),
    ("waiter/waitress", "5131.1", ["waiter", "waitress", "server"],
     "Waiters and waitresses take orders and serve food and drinks to guests.",
     ["food safety and hygiene", "customer service"], ["serve food and drinks", "take orders"],
     ["English"], ["handle cash", "communicate with customers"]),
    ("hairdresser", "5141.1", ["hair stylist", "barber", "hairstylist"],
     "Hairdressers cut, colour and style hair and advise clients on hair care.",
     ["hair care products"], ["cut hair", "communicate with customers"],
     ["health and safety regulations"], ["handle cash", "schedule appointments", "sell products"]),
    ("shop assistant", "5223.1", ["sales assistant", "retail assistant", "shop clerk"],
     "Shop assistants help customers, sell goods, fill shelves and work the till.",
     ["customer service"], ["sell products", "handle cash", "arrange products on shelves"],
     ["retail management"], ["communicate with customers", "manage stock"]),
    ("child care worker", "5311.1", ["nanny", "childminder", "nursery assistant"],
     "Child care workers look after children in nurseries, homes and after-school clubs.",
     ["child development", "first aid"], ["supervise children", "communicate with customers"],
     ["pedagogy"], ["prepare food", "handle emergencies"]),
    ("healthcare assistant", "5321.1", ["nursing assistant", "care assistant", "health care aide"],
     "Healthcare assistants help nurses care for patients with daily activities and basic checks.",
     ["infection control"], ["assist patients with daily activities", "measure vital signs"],
     ["first aid", "human anatomy"], ["work in a team", "keep records"]),
    ("security guard", "5414.1", ["security officer", "guard", "night watchman"],
     "Security guards protect buildings and people by patrolling and watching premises.",
     ["surveillance methods", "first aid"], ["patrol areas", "handle emergencies"],
     ["health and safety regulations"], ["keep records", "communicate with customers"]),
    ("gardener", "6113.1", ["landscape gardener", "groundskeeper", "horticultural worker"],
     "Gardeners plant and look after gardens, parks and green spaces.",
     ["horticulture"], ["plant and maintain green areas", "use power tools"],
     ["health and safety regulations"], ["operate agricultural machinery", "handle waste"]),
    ("livestock farmer", "6121.1", ["dairy farmer", "cattle farmer", "stock breeder"],
     "Livestock farmers breed and raise animals for milk, meat and other products.",
     ["animal husbandry"], ["feed animals", "milk animals"],
     ["health and safety regulations"], ["operate agricultural machinery", "keep records", "manage budgets"]),
    ("forestry worker", "6210.1", ["forest worker", "lumberjack", "logger"],
     "Forestry workers plant, tend and fell trees and keep forests healthy.",
     ["forestry"], ["fell trees", "use power tools"],
     ["health and safety regulations", "first aid"], ["operate agricultural machinery", "maintain machinery"]),
    ("bricklayer", "7112.1", ["brick mason", "mason", "brickie"],
     "Bricklayers build walls and other structures from bricks and blocks.",
     ["construction methods"], ["lay bricks", "read technical drawings"],
     ["building codes", "health and safety regulations"], ["lift heavy loads", "use power tools"]),
    ("carpenter", "7115.1", ["joiner", "woodworker", "construction carpenter"],
     "Carpenters cut, shape and fit wooden structures, frames, doors and fittings.",
     ["woodworking"], ["use power tools", "read technical drawings"],
     ["building codes", "construction methods"], ["follow health and safety procedures", "lift heavy loads"]),
    ("plumber", "7126.1", ["pipe fitter", "heating installer", "sanitary installer"],
     "Plumbers install and repair pipes, water supply, drainage and heating systems.",
     ["plumbing systems", "building codes"], ["install pipes", "read technical drawings"],
     ["health and safety regulations"], ["weld metal", "communicate with customers", "use power tools"]),
    ("welder", "7212.1", ["welding technician", "metal welder", "MIG welder"],
     "Welders join metal parts with welding equipment, following drawings and standards.",
     ["welding techniques"], ["weld metal", "read technical drawings"],
     ["quality control", "health and safety regulations"], ["follow health and safety procedures", "use power tools"]),
    ("motor vehicle mechanic", "7231.1", ["car mechanic", "auto mechanic", "vehicle technician"],
     "Motor vehicle mechanics inspect, service and repair cars, vans and light lorries.",
     ["vehicle technology"], ["repair vehicles", "use diagnostic equipment"],
     ["electricity", "health and safety regulations"], ["communicate with customers", "use power tools"]),
    ("electrician", "7411.1", ["building electrician", "electrical installer", "domestic electrician"],
     "Electricians install, maintain and repair electrical wiring and equipment in buildings.",
     ["electricity", "electrical wiring diagrams", "building codes"], ["install electrical wiring",
                                                                       "test electrical equipment"],
     ["health and safety regulations"], ["read technical drawings", "use power tools", "solve problems"]),
    ("packaging machine operator", "8183.1", ["packing machine operator", "filling machine operator",
                                              "production line operator"],
     "Packaging machine operators set up and run machines that fill, pack and label products.",
     ["quality control"], ["operate packaging machines", "maintain machinery"],
     ["health and safety regulations"], ["follow health and safety procedures", "keep records"]),
    ("bus driver", "8331.1", ["coach driver", "city bus driver", "public transport driver"],
     "Bus drivers drive buses on scheduled routes and take care of passengers.",
     ["road traffic laws"], ["drive vehicles", "transport passengers"],
     ["first aid", "customer service"], ["handle cash", "handle emergencies", "communicate with customers"]),
    ("truck driver", "8332.1", ["lorry driver", "HGV driver", "heavy goods vehicle driver"],
     "Truck drivers drive heavy goods vehicles and deliver loads over short and long distances.",
     ["road traffic laws"], ["drive vehicles", "secure cargo", "plan routes"],
     ["warehouse operations"], ["load and unload goods", "keep records"]),
    ("forklift operator", "8344.1", ["forklift driver", "lift truck operator", "reach truck driver"],
     "Forklift operators move, load and stack goods in warehouses and yards.",
     ["warehouse operations", "health and safety regulations"], ["operate a forklift", "load and unload goods"],
     ["quality control"], ["manage stock", "maintain machinery"]),
    ("office cleaner", "9112.1", ["cleaner", "cleaning operative", "janitor"],
     "Office cleaners keep offices, hotels and other buildings clean and tidy.",
     ["cleaning techniques"], ["clean surfaces", "handle waste"],
     ["health and safety regulations"], ["manage time", "follow health and safety procedures"]),
    ("construction labourer", "9313.1", ["building labourer", "site labourer", "construction worker"],
     "Construction labourers do manual work on building sites: digging, carrying and cleaning up.",
     ["construction methods"], ["lift heavy loads", "use power tools"],
     ["health and safety regulations"], ["follow health and safety procedures", "handle waste", "work in a team"]),
    ("warehouse worker", "9333.1", ["warehouse operative", "order picker", "freight handler"],
     "Warehouse workers receive, store, pick and pack goods for dispatch.",
     ["warehouse operations"], ["load and unload goods", "lift heavy loads"],
     ["health and safety regulations"], ["operate a forklift", "manage stock", "work in a team"]),
    ("kitchen assistant", "9412.1", ["kitchen porter", "dishwasher", "kitchen helper"],
     "Kitchen assistants wash dishes, clean the kitchen and help cooks prepare food.",
     ["food safety and hygiene"], ["wash dishes", "clean surfaces"],
     ["cleaning techniques"], ["prepare food", "handle waste", "work in a team"]),
    ("courier", "9621.1", ["delivery driver", "parcel courier", "bike messenger"],
     "Couriers collect and deliver letters and parcels to homes and businesses.",
     ["road traffic laws"], ["deliver parcels", "plan routes"],
     ["customer service"], ["drive vehicles", "communicate with customers", "lift heavy loads"]),
    # Neighbours and narrower occupations (a code with a third part is narrower than the
    # occupation whose code it extends; see BROADER_OCCUPATION): they share most of their
    # skills with the occupations next to them, so "related occupations" have something to show.
    ("systems analyst", "2511.1", ["business systems analyst", "IT systems analyst", "requirements analyst"],
     "Systems analysts study how an organisation uses information technology and design systems that meet "
     "its needs.",
     ["SQL", "project management"], ["analyse business requirements", "analyse data", "present results"],
     ["agile development", "information security"], ["solve problems", "use office software",
                                                     "write computer code"]),
    ("computer vision engineer", "2511.4.1", ["machine vision engineer", "image processing engineer",
                                              "computer vision developer"],
     "Computer vision engineers build systems that let computers recognise and interpret images and video, "
     "from collecting data to running the models in products.",
     ["computer vision", "machine learning", "Python"], ["write computer code", "analyse data"],
     ["deep learning", "statistics", "cloud computing"], ["debug software", "use version control",
                                                          "present results"]),
    ("software architect", "2512.1", ["solution architect", "application architect", "software systems architect"],
     "Software architects design the structure of software systems and guide the developers who build them.",
     ["software architecture", "computer programming"], ["write computer code", "analyse business requirements"],
     ["cloud computing", "information security", "agile development", "Java"],
     ["lead a team", "present results", "use version control"]),
    ("mobile app developer", "2512.4.1", ["mobile developer", "app developer", "Android developer",
                                          "iOS developer"],
     "Mobile app developers write, test and publish applications for phones and tablets.",
     ["mobile operating systems", "computer programming", "Java"],
     ["write computer code", "debug software", "design user interfaces"],
     ["JavaScript", "agile development"], ["use version control", "work in a team"]),
    ("specialist nurse", "2221.2", ["clinical nurse specialist", "nurse specialist", "advanced practice nurse"],
     "Specialist nurses give expert nursing care in one field of medicine and advise other nurses on it.",
     ["nursing science", "pharmacology", "infection control"],
     ["provide nursing care", "administer medication", "train personnel"],
     ["human anatomy", "medicine"], ["measure vital signs", "keep records", "lead a team"]),
    ("paediatric nurse", "2221.2.1", ["children's nurse", "pediatric nurse", "neonatal nurse"],
     "Paediatric nurses care for babies, children and young people in hospital and support their families.",
     ["nursing science", "paediatrics", "child development"], ["provide nursing care", "administer medication"],
     ["infection control", "first aid"], ["measure vital signs", "communicate with customers",
                                          "handle emergencies"]),
    ("pastry cook", "5120.1.1", ["pastry chef", "patissier", "baker-confectioner"],
     "Pastry cooks prepare cakes, desserts, breads and other baked goods in restaurants, hotels and bakeries.",
     ["pastry techniques", "food safety and hygiene"], ["prepare food", "follow health and safety procedures"],
     ["culinary techniques", "hospitality industry"], ["manage stock", "work in a team", "manage time"]),
    ("hotel receptionist", "4224.1", ["front desk agent", "hotel front desk clerk", "guest service agent"],
     "Hotel receptionists welcome guests, check them in and out, take bookings and answer questions at the "
     "hotel's front desk.",
     ["hotel front office operations", "customer service"],
     ["check in guests", "communicate with customers", "answer telephone calls"],
     ["English", "hospitality industry", "German"], ["handle cash", "schedule appointments"]),
    ("solar panel installer", "7411.2", ["solar installer", "photovoltaic installer", "PV technician"],
     "Solar panel installers fit photovoltaic panels on roofs and open land and connect them to the "
     "electrical system.",
     ["solar energy systems", "electricity", "building codes"], ["install solar panels", "install electrical wiring"],
     ["energy efficiency", "health and safety regulations"],
     ["test electrical equipment", "read technical drawings", "use power tools"]),
    ("heat pump installer", "7126.2", ["heat pump technician", "heating engineer", "HVAC installer"],
     "Heat pump installers fit, connect and service heat pumps and the heating systems they feed.",
     ["heat pump systems", "plumbing systems"], ["install heating systems", "install pipes"],
     ["energy efficiency", "electricity", "building codes"],
     ["read technical drawings", "communicate with customers", "use power tools"]),
]

#: Narrower occupation -> the occupation it is narrower than (as in ESCO, its code extends
#: the broader one's). Every other occupation's broader concept is its ISCO unit group.
BROADER_OCCUPATION = {
    "computer vision engineer": "data scientist",
    "mobile app developer": "software developer",
    "paediatric nurse": "specialist nurse",
    "pastry cook": "cook",
}

# More skills for the occupations whose main entry above is short, kept apart so each
# line of OCCUPATIONS stays readable: label -> (essential knowledge, essential skills,
# optional knowledge, optional skills), appended to the main entry.
MORE_SKILLS = {
    "pharmacist": ([], ["administer medication"], ["customer service"], ["handle cash"]),
    "pharmacy technician": ([], ["communicate with customers"], ["health and safety regulations"], []),
    "bookkeeper": (["financial statements"], [], ["English"], ["analyse data", "keep records"]),
    "real estate agent": (["customer service"], [], ["tax legislation"], ["present results"]),
    "ICT help desk agent": ([], ["solve problems"], ["English"], ["use office software"]),
    "administrative assistant": (["customer service"], [], ["German"], ["communicate with customers"]),
    "stock clerk": (["health and safety regulations"], [], [], ["load and unload goods", "analyse data",
                                                                "manage time"]),
    "cook": ([], ["follow health and safety procedures"], ["hospitality industry", "pastry techniques"],
             ["lead a team"]),
    "data scientist": ([], [], ["deep learning"], []),
    "electrician": ([], [], ["energy efficiency"], []),
    "plumber": ([], [], ["energy efficiency", "heat pump systems"], []),
    "receptionist": ([], [], ["hotel front office operations"], []),
    "waiter/waitress": ([], ["work in a team"], ["hospitality industry"], ["sell products"]),
    "hairdresser": (["customer service"], [], ["infection control"], ["manage time"]),
    "shop assistant": ([], ["work in a team"], ["English", "food safety and hygiene"], []),
    "child care worker": (["health and safety regulations"], [], ["food safety and hygiene"], ["work in a team"]),
    "healthcare assistant": (["health and safety regulations"], [], ["nursing science"], ["handle emergencies"]),
    "security guard": ([], ["follow health and safety procedures"], ["labour law"], ["answer telephone calls"]),
    "gardener": ([], ["follow health and safety procedures"], ["forestry"], ["work in a team", "drive vehicles"]),
    "livestock farmer": ([], ["follow health and safety procedures"], ["horticulture"], ["maintain machinery"]),
    "forestry worker": ([], ["follow health and safety procedures"], ["horticulture"], ["work in a team"]),
    "bricklayer": ([], ["follow health and safety procedures"], [], ["work in a team", "solve problems"]),
    "carpenter": (["health and safety regulations"], [], [], ["work in a team", "solve problems"]),
    "welder": ([], ["solve problems"], ["mechanics"], ["maintain machinery"]),
    "motor vehicle mechanic": ([], ["solve problems"], ["customer service"], ["keep records"]),
    "packaging machine operator": (["warehouse operations"], [], ["mechanics"],
                                   ["work in a team", "solve problems"]),
    "truck driver": (["health and safety regulations"], [], ["first aid"], ["communicate with customers"]),
    "forklift operator": ([], ["follow health and safety procedures"], [], ["work in a team", "keep records"]),
    "office cleaner": ([], ["work in a team"], [], ["use power tools", "communicate with customers"]),
    "construction labourer": ([], ["read technical drawings"], ["building codes"], ["drive vehicles"]),
    "warehouse worker": ([], ["follow health and safety procedures"], ["quality control"], ["keep records"]),
    "kitchen assistant": (["health and safety regulations"], [], ["culinary techniques"], ["manage time"]),
    "courier": (["health and safety regulations"], [], ["first aid"], ["handle cash", "manage time"]),
}

# --------------------------------------------------------------------------- skills hierarchy
# Skill groups, ESCO-style: four top concepts (S skills, K knowledge, T transversal, L
# language), then groups two or three levels deep. The S and T codes follow ESCO's pattern
# (S5.1.1); knowledge groups use the public ISCED-F 2013 field codes, as ESCO's do. Labels
# are our own wording. code -> (label, broader code or None for a top concept).
SKILL_GROUPS = {
    "S": ("skills", None), "K": ("knowledge", None), "T": ("transversal skills and competences", None),
    "L": ("language skills and knowledge", None),
    "S1": ("communicating and working with others", "S"),
    "S1.1": ("serving customers and guests", "S1"),
    "S1.2": ("teaching and training", "S1"),
    "S1.3": ("negotiating, arguing and presenting", "S1"),
    "S2": ("finding and handling information", "S"),
    "S2.1": ("writing and keeping records", "S2"),
    "S2.2": ("analysing and valuing information", "S2"),
    "S3": ("caring and assisting", "S"),
    "S3.1": ("caring for patients", "S3"),
    "S3.2": ("looking after people and animals", "S3"),
    "S4": ("managing and organising", "S"),
    "S4.1": ("leading and managing people", "S4"),
    "S4.2": ("planning and controlling resources", "S4"),
    "S5": ("working with computers", "S"),
    "S5.1": ("developing software", "S5"),
    "S5.1.1": ("writing and testing code", "S5.1"),
    "S5.1.2": ("designing software", "S5.1"),
    "S5.2": ("using and supporting computer systems", "S5"),
    "S6": ("handling and moving goods and people", "S"),
    "S6.1": ("moving and storing goods", "S6"),
    "S6.2": ("driving vehicles", "S6"),
    "S7": ("building, installing and repairing", "S"),
    "S7.1": ("building and fitting", "S7"),
    "S7.2": ("installing and testing electrical systems", "S7"),
    "S7.3": ("repairing and maintaining machines", "S7"),
    "S8": ("working with machines, food, plants and places", "S"),
    "S8.1": ("operating machinery", "S8"),
    "S8.2": ("working with food, plants and materials", "S8"),
    "S8.3": ("keeping people and places safe", "S8"),
    "01": ("education", "K"), "011": ("education", "01"), "0111": ("education science", "011"),
    "04": ("business, administration and law", "K"),
    "041": ("business and administration", "04"),
    "0411": ("accounting and taxation", "041"),
    "0413": ("management and administration", "041"),
    "0416": ("wholesale and retail sales", "041"),
    "042": ("law", "04"), "0421": ("law", "042"),
    "05": ("natural sciences, mathematics and statistics", "K"),
    "054": ("mathematics and statistics", "05"), "0542": ("statistics", "054"),
    "06": ("information and communication technologies", "K"),
    "061": ("information and communication technologies", "06"),
    "0611": ("computer use", "061"),
    "0612": ("database and network design and administration", "061"),
    "0613": ("software and applications development and analysis", "061"),
    "07": ("engineering, manufacturing and construction", "K"),
    "071": ("engineering and engineering trades", "07"),
    "0713": ("electricity and energy", "071"),
    "0715": ("mechanics and metal trades", "071"),
    "0716": ("motor vehicles, ships and aircraft", "071"),
    "072": ("manufacturing and processing", "07"),
    "0721": ("food processing", "072"),
    "0722": ("materials (glass, paper, plastic and wood)", "072"),
    "073": ("architecture and construction", "07"),
    "0732": ("building and civil engineering", "073"),
    "08": ("agriculture, forestry, fisheries and veterinary", "K"),
    "081": ("agriculture", "08"),
    "0811": ("crop and livestock production", "081"), "0812": ("horticulture", "081"),
    "082": ("forestry", "08"), "0821": ("forestry", "082"),
    "09": ("health and welfare", "K"),
    "091": ("health", "09"),
    "0912": ("medicine", "091"), "0913": ("nursing and midwifery", "091"), "0916": ("pharmacy", "091"),
    "092": ("welfare", "09"), "0922": ("child care and youth services", "092"),
    "10": ("services", "K"),
    "101": ("personal services", "10"),
    "1012": ("hair and beauty services", "101"),
    "1013": ("hotels, restaurants and catering", "101"),
    "102": ("hygiene and occupational health services", "10"),
    "1021": ("community sanitation", "102"),
    "1022": ("occupational health and safety", "102"),
    "103": ("security services", "10"),
    "1031": ("military and defence", "103"), "1032": ("protection of persons and property", "103"),
    "104": ("transport services", "10"), "1041": ("transport services", "104"),
    "T1": ("thinking", "T"), "T1.1": ("solving problems", "T1"),
    "T2": ("self-management", "T"), "T2.1": ("managing one's own work", "T2"),
    "T2.2": ("keeping fit and healthy", "T2"),
    "T3": ("social and communication skills", "T"), "T3.1": ("working with others", "T3"),
    "T3.2": ("communicating", "T3"),
    "L1": ("languages", "L"), "L1.1": ("Germanic languages", "L1"), "L1.2": ("Romance languages", "L1"),
}

#: Skill group code -> the skills directly under it. Every skill is in one or two groups.
SKILLS_IN_GROUP = {
    "S1.1": ["communicate with customers", "answer telephone calls", "take orders", "serve food and drinks",
             "check in guests", "handle cash", "sell products"],
    "S1.2": ["train personnel", "plan lessons", "assess students", "manage a classroom"],
    "S1.3": ["negotiate", "present results", "represent clients in court"],
    "S2.1": ["keep records", "keep financial records", "schedule appointments", "draft legal documents",
             "prepare financial statements"],
    "S2.2": ["analyse data", "analyse business requirements", "legal research", "value properties",
             "audit accounts", "monitor sales"],
    "S3.1": ["provide nursing care", "administer medication", "measure vital signs",
             "assist patients with daily activities", "diagnose patients", "dispense medicines"],
    "S3.2": ["supervise children", "feed animals", "milk animals", "cut hair"],
    "S4.1": ["lead a team", "manage staff", "recruit employees"],
    "S4.2": ["manage budgets", "manage stock", "plan military operations", "plan routes"],
    "S5.1.1": ["write computer code", "debug software", "use version control"],
    "S5.1.2": ["design user interfaces", "analyse business requirements"],
    "S5.2": ["use office software", "troubleshoot ICT problems", "use CAD software", "use diagnostic equipment"],
    "S6.1": ["load and unload goods", "lift heavy loads", "secure cargo", "arrange products on shelves",
             "deliver parcels"],
    "S6.2": ["drive vehicles", "transport passengers", "operate a forklift"],
    "S7.1": ["lay bricks", "install pipes", "install heating systems", "weld metal", "use power tools",
             "read technical drawings"],
    "S7.2": ["install electrical wiring", "test electrical equipment", "install solar panels"],
    "S7.3": ["repair vehicles", "maintain machinery", "use diagnostic equipment"],
    "S8.1": ["operate packaging machines", "operate agricultural machinery", "operate a forklift"],
    "S8.2": ["prepare food", "plant and maintain green areas", "fell trees", "wash dishes", "clean surfaces",
             "handle waste"],
    "S8.3": ["follow health and safety procedures", "handle emergencies", "patrol areas", "weapon handling"],
    "0111": ["pedagogy", "child development"],
    "0411": ["accounting", "tax legislation", "financial statements"],
    "0413": ["strategic planning", "project management", "human resource management", "filing systems",
             "quality control"],
    "0416": ["retail management", "customer service", "real estate market"],
    "0421": ["labour law", "civil law", "tax legislation"],
    "0542": ["statistics"],
    "0611": ["operating systems", "call centre technologies"],
    "0612": ["SQL", "ICT infrastructure", "information security", "cloud computing"],
    "0613": ["computer programming", "Python", "Java", "JavaScript", "HTML and CSS", "agile development",
             "software architecture", "mobile operating systems", "machine learning", "deep learning",
             "computer vision"],
    "0713": ["electricity", "electrical wiring diagrams", "solar energy systems", "energy efficiency",
             "heat pump systems"],
    "0715": ["mechanics", "welding techniques", "engineering principles"],
    "0716": ["vehicle technology"],
    "0721": ["food safety and hygiene"],
    "0722": ["woodworking"],
    "0732": ["construction methods", "building codes", "structural engineering", "plumbing systems",
             "heat pump systems", "energy efficiency"],
    "0811": ["animal husbandry"],
    "0812": ["horticulture"],
    "0821": ["forestry"],
    "0912": ["medicine", "human anatomy", "paediatrics"],
    "0913": ["nursing science", "infection control"],
    "0916": ["pharmacology"],
    "0922": ["child development"],
    "1012": ["hair care products"],
    "1013": ["hospitality industry", "culinary techniques", "pastry techniques", "hotel front office operations",
             "food safety and hygiene"],
    "1021": ["cleaning techniques"],
    "1022": ["health and safety regulations", "first aid"],
    "1031": ["military tactics", "military drill"],
    "1032": ["surveillance methods"],
    "1041": ["road traffic laws", "warehouse operations"],
    "T1.1": ["solve problems"],
    "T2.1": ["manage time"],
    "T2.2": ["maintain physical fitness"],
    "T3.1": ["work in a team", "lead a team", "communicate with customers"],
    "T3.2": ["negotiate", "present results"],
    "L1.1": ["English", "German"],
    "L1.2": ["French"],
}

#: The six ESCO skill collections (file-name stem -> skills). "transversal" is every skill
#: whose reuse level is transversal, "language" every skill under L; the rest by hand.
COLLECTION_FILES = {
    "digital": "digitalSkillsCollection_en.csv", "green": "greenSkillsCollection_en.csv",
    "transversal": "transversalSkillsCollection_en.csv", "language": "languageSkillsCollection_en.csv",
    "research": "researchSkillsCollection_en.csv", "digComp": "digCompSkillsCollection_en.csv",
}
HAND_COLLECTIONS = {
    "digital": ["computer programming", "Python", "Java", "JavaScript", "SQL", "HTML and CSS", "cloud computing",
                "agile development", "software architecture", "mobile operating systems", "machine learning",
                "deep learning", "computer vision", "write computer code", "debug software", "use version control",
                "design user interfaces", "use office software", "troubleshoot ICT problems", "use CAD software",
                "operating systems", "ICT infrastructure", "information security", "call centre technologies",
                "use diagnostic equipment", "analyse data"],
    "green": ["energy efficiency", "solar energy systems", "install solar panels", "heat pump systems",
              "install heating systems", "handle waste", "horticulture", "forestry", "plant and maintain green areas"],
    "research": ["statistics", "analyse data", "machine learning", "deep learning", "computer vision",
                 "legal research", "present results"],
    "digComp": ["use office software", "information security", "troubleshoot ICT problems", "analyse data",
                "operating systems"],
}


OCCUPATION_HEADER = ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "hiddenLabels",
                     "status", "modifiedDate", "regulatedProfessionNote", "scopeNote", "definition", "inScheme",
                     "description", "code"]
SKILL_HEADER = ["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels",
                "hiddenLabels", "status", "modifiedDate", "scopeNote", "definition", "inScheme", "description"]
ISCO_HEADER = ["conceptType", "conceptUri", "code", "preferredLabel", "status", "altLabels", "inScheme",
               "description"]
RELATION_HEADER = ["occupationUri", "relationType", "skillType", "skillUri"]
# The hierarchy files' headers are ESCO v1.1.1's (the two broaderRelations files have the same one).
BROADER_HEADER = ["conceptType", "conceptUri", "broaderType", "broaderUri"]
SKILL_GROUP_HEADER = ["conceptType", "conceptUri", "preferredLabel", "altLabels", "hiddenLabels", "status",
                      "modifiedDate", "scopeNote", "inScheme", "description", "code"]
COLLECTION_HEADER = ["conceptType", "conceptUri", "preferredLabel", "status", "skillType", "reuseLevel",
                     "altLabels", "description", "broaderConceptUri", "broaderConceptPT"]
#: ESCO's language and transversal collection files put skillType and reuseLevel first.
COLLECTION_HEADER_SKILL_TYPE_FIRST = ["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel",
                                      "status", "altLabels", "description", "broaderConceptUri", "broaderConceptPT"]


def slug(label: str) -> str:
    """URL-safe slug of a label: "waiter/waitress" -> "waiter-waitress"."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def occupation_uri(label: str) -> str:
    return f"{NAMESPACE}occupation/{slug(label)}"


def skill_uri(label: str) -> str:
    return f"{NAMESPACE}skill/{slug(label)}"


def isco_uri(code: str) -> str:
    return f"{NAMESPACE}isco/C{code}"


def skill_group_uri(code: str) -> str:
    return f"{NAMESPACE}skill-group/{code}"


def skill_groups_of() -> dict[str, list[str]]:
    """Skill label -> the codes of the groups it is directly under, in SKILLS_IN_GROUP order."""
    found: dict[str, list[str]] = {}
    for code, labels in SKILLS_IN_GROUP.items():
        for label in labels:
            found.setdefault(label, []).append(code)
    return found


def collections() -> dict[str, list[str]]:
    """Collection (ESCO file stem) -> skill labels, sorted by URI slug."""
    found = {name: list(labels) for name, labels in HAND_COLLECTIONS.items()}
    found["transversal"] = [label for label, value in SKILLS.items() if value[1] == T]
    found["language"] = [label for label in SKILLS if any(code.startswith("L") for code in skill_groups_of().get(label, []))]
    return {name: sorted(found[name], key=slug) for name in COLLECTION_FILES}


def all_occupations() -> list[tuple]:
    """OCCUPATIONS with MORE_SKILLS appended to each entry's four skill lists."""
    merged = []
    for label, code, alts, description, *groups in OCCUPATIONS:
        extra = MORE_SKILLS.get(label, ([], [], [], []))
        merged.append((label, code, alts, description, *[g + e for g, e in zip(groups, extra)]))
    return merged


def _check() -> None:
    """Fail loudly on a typo in the hand-written tables."""
    problems = []
    codes = set()
    unknown = set(MORE_SKILLS) - {occ[0] for occ in OCCUPATIONS}
    if unknown:
        problems.append(f"MORE_SKILLS names unknown occupations: {sorted(unknown)}")
    for occ in all_occupations():
        label, code, _, _, *groups = occ
        isco = code.split(".")[0]
        for level in range(1, 5):
            if isco[:level] not in ISCO:
                problems.append(f"{label}: ISCO group {isco[:level]} not in ISCO table")
        if code in codes:
            problems.append(f"{label}: code {code} used twice")
        codes.add(code)
        seen = set()
        for index, group in enumerate(groups):
            wanted = "K" if index % 2 == 0 else "S"
            if not group:
                problems.append(f"{label}: empty skill group {index}")
            for skill in group:
                if skill not in SKILLS:
                    problems.append(f"{label}: skill {skill!r} not defined")
                elif SKILLS[skill][0] != wanted:
                    problems.append(f"{label}: skill {skill!r} in the wrong knowledge/skill column")
                if skill in seen:
                    problems.append(f"{label}: skill {skill!r} listed twice")
                seen.add(skill)
    if len({slug(label) for label in SKILLS}) != len(SKILLS):
        problems.append("two skills share a slug")
    labels = [occ[0] for occ in OCCUPATIONS]
    for narrower, broader in BROADER_OCCUPATION.items():
        codes_of = {occ[0]: occ[1] for occ in OCCUPATIONS}
        if narrower not in codes_of or broader not in codes_of:
            problems.append(f"BROADER_OCCUPATION names an unknown occupation: {narrower!r} -> {broader!r}")
        elif not codes_of[narrower].startswith(codes_of[broader] + "."):
            problems.append(f"{narrower}: code {codes_of[narrower]} does not extend {broader}'s {codes_of[broader]}")
    for occ in OCCUPATIONS:
        if occ[1].count(".") > 1 and occ[0] not in BROADER_OCCUPATION:
            problems.append(f"{occ[0]}: narrower code {occ[1]} but no broader occupation")
    alts = [alt.lower() for occ in OCCUPATIONS for alt in [occ[0], *occ[2]]]
    if len(alts) != len(set(alts)):
        problems.append(f"labels used by two occupations: {sorted({a for a in alts if alts.count(a) > 1})}")
    if len(labels) != len(set(labels)):
        problems.append("two occupations share a label")
    for code, (_, parent) in SKILL_GROUPS.items():
        if (parent is None) != (code in "SKTL"):
            problems.append(f"skill group {code}: only S, K, T and L are top concepts")
        elif parent is not None and parent not in SKILL_GROUPS:
            problems.append(f"skill group {code}: broader group {parent} not defined")
    placed = skill_groups_of()
    for code in SKILLS_IN_GROUP:
        if code not in SKILL_GROUPS:
            problems.append(f"SKILLS_IN_GROUP names an unknown group {code}")
    for label in SKILLS:
        if not 1 <= len(placed.get(label, [])) <= 2:
            problems.append(f"skill {label!r} is in {len(placed.get(label, []))} groups (want 1 or 2)")
    for label in placed:
        if label not in SKILLS:
            problems.append(f"SKILLS_IN_GROUP names an unknown skill {label!r}")
    for name, members in HAND_COLLECTIONS.items():
        for label in members:
            if label not in SKILLS:
                problems.append(f"collection {name} names an unknown skill {label!r}")
    if problems:
        raise SystemExit("demo taxonomy tables are inconsistent:\n  " + "\n  ".join(problems))


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_demo_taxonomy(out_dir: Path = OUT_DIR) -> list[Path]:
    """Write the ESCO-format CSVs (taxonomy, hierarchies, collections) into ``out_dir``; return their paths."""
    _check()
    out_dir.mkdir(parents=True, exist_ok=True)
    scheme = f"{NAMESPACE}concept-scheme/"
    occupations, relations = [], []
    for label, code, alts, description, ek, es, ok, os_ in all_occupations():
        uri = occupation_uri(label)
        occupations.append(["Occupation", uri, code.split(".")[0], label, "\n".join([label, *alts]), "",
                            "released", MODIFIED, "", "", "", f"{scheme}occupations", description, code])
        for relation, skills in (("essential", ek + es), ("optional", ok + os_)):
            for skill in skills:
                kind = "knowledge" if SKILLS[skill][0] == "K" else "skill/competence"
                relations.append([uri, relation, kind, skill_uri(skill)])
    skills = [["KnowledgeSkillCompetence", skill_uri(label), "knowledge" if kind == "K" else "skill/competence",
               reuse, label, "\n".join([label, *alts]), "", "released", MODIFIED, "", "", f"{scheme}skills",
               description]
              for label, (kind, reuse, alts, description) in sorted(SKILLS.items(), key=lambda kv: slug(kv[0]))]
    groups = [["ISCOGroup", f"{NAMESPACE}isco/C{code}", code, label, "released", "", f"{scheme}isco",
               f"ISCO-08 group {code}: {label}."]
              for code, label in sorted(ISCO.items())]
    paths = [out_dir / "occupations_en.csv", out_dir / "skills_en.csv", out_dir / "ISCOGroups_en.csv",
             out_dir / "occupationSkillRelations.csv"]
    _write(paths[0], OCCUPATION_HEADER, sorted(occupations, key=lambda r: r[1]))
    _write(paths[1], SKILL_HEADER, skills)
    _write(paths[2], ISCO_HEADER, groups)
    _write(paths[3], RELATION_HEADER, relations)
    paths += _write_hierarchy(out_dir, scheme)
    return paths


def _occupation_broader() -> list[list[str]]:
    """broaderRelationsOccPillar rows: narrower occupation -> occupation, other occupations ->
    their ISCO unit group, each ISCO group -> the group one digit shorter (as ESCO's file)."""
    rows = []
    for label, code, *_ in OCCUPATIONS:
        if label in BROADER_OCCUPATION:
            rows.append(["Occupation", occupation_uri(label), "Occupation",
                         occupation_uri(BROADER_OCCUPATION[label])])
        else:
            rows.append(["Occupation", occupation_uri(label), "ISCOGroup", isco_uri(code.split(".")[0])])
    for code in ISCO:
        if len(code) > 1:
            rows.append(["ISCOGroup", isco_uri(code), "ISCOGroup", isco_uri(code[:-1])])
    return sorted(rows, key=lambda r: (r[0] != "Occupation", r[1], r[3]))


def _write_hierarchy(out_dir: Path, scheme: str) -> list[Path]:
    """The occupation hierarchy, skill groups, the skills' broader relations and the six collections."""
    paths = []
    path = out_dir / "broaderRelationsOccPillar.csv"
    _write(path, BROADER_HEADER, _occupation_broader())
    paths.append(path)

    path = out_dir / "skillGroups_en.csv"
    _write(path, SKILL_GROUP_HEADER,
           [["SkillGroup", skill_group_uri(code), label, "", "", "released", MODIFIED, "", f"{scheme}skills",
             (f"Top concept of the demo skills pillar: {label}." if parent is None
              else f"Demo skill group {code}: {label} (under {SKILL_GROUPS[parent][0]})."), code]
            for code, (label, parent) in SKILL_GROUPS.items()])
    paths.append(path)

    placed = skill_groups_of()
    rows = [["KnowledgeSkillCompetence", skill_uri(label), "SkillGroup", skill_group_uri(code)]
            for label in sorted(SKILLS, key=slug) for code in placed[label]]
    rows += [["SkillGroup", skill_group_uri(code), "SkillGroup", skill_group_uri(parent)]
             for code, (_, parent) in SKILL_GROUPS.items() if parent is not None]
    path = out_dir / "broaderRelationsSkillPillar.csv"
    _write(path, BROADER_HEADER, rows)
    paths.append(path)

    for name, labels in collections().items():
        header = (COLLECTION_HEADER_SKILL_TYPE_FIRST if name in ("transversal", "language")
                  else COLLECTION_HEADER)
        rows = []
        for label in labels:
            kind, reuse, alts, description = SKILLS[label]
            codes = placed[label]
            value = {"conceptType": "KnowledgeSkillCompetence", "conceptUri": skill_uri(label),
                     "preferredLabel": label, "status": "released",
                     "skillType": "knowledge" if kind == "K" else "skill/competence", "reuseLevel": reuse,
                     "altLabels": "\n".join([label, *alts]), "description": description,
                     "broaderConceptUri": " | ".join(skill_group_uri(c) for c in codes),
                     "broaderConceptPT": " | ".join(SKILL_GROUPS[c][0] for c in codes)}
            rows.append([value[column] for column in header])
        path = out_dir / COLLECTION_FILES[name]
        _write(path, header, rows)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help=f"output folder (default {OUT_DIR})")
    args = parser.parse_args(argv)
    for path in write_demo_taxonomy(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
