package lens

import "testing"

// Readings the labeling guide states, found on short texts written for the
// purpose (a testimonial page, an account review, a playbook, a positioning
// page, field notes) rather than on the labeled corpora's mistakes. Each
// reading has a case it must leave alone. The story headings read so are
// in TestStoryTitleNamesItsSubject.
func TestReadingsFromConstructedTexts(t *testing.T) {
	// A product announcement's opening, long enough that a name after it
	// is not read as a customer for being near the start.
	const offline = "Introducing offline mode\n\nStarting today, Faces works offline.\n\nIt works on every phone.\n\nIt comes with every plan.\n\n"
	tests := []struct {
		name, text string
		level      Level
		want       string
	}{
		// An attribution line's company, after a department title or
		// between commas; a plural after a comma is no one's title.
		{"department title", "“Our analysts stopped exporting spreadsheets.”\n\n— Jane Doe, Head of Data at Litware\n", Enterprise, "Our|Litware"},
		{"company between commas", "“The rollout took an afternoon.”\n\n— Omar Haddad, CTO, Tailspin Toys\n", Enterprise, "Tailspin"},
		{"VP of a department", "Priya Raman, VP of Customer Operations at Fabrikam, signed the order.", Enterprise, "Fabrikam"},
		{"a plural is no title", "For Mac developers, Xcode offers all the required compiler tools.", Enterprise, ""},
		{"title and a verb", "Jill Chen, CEO, said the rollout took a week.", Enterprise, ""},

		// A customer's person named in full, then by the surname's
		// possessive.
		{"possessive surname", "“We were losing a day a week,” says Priya Raman, VP Engineering at Fabrikam. Raman’s team moved the first service in March.", Person, "Priya|Raman’s"},

		// "The customer" in a step that opens on its condition.
		{"conditional step", "If the customer has not replied after a week, send a reminder.", Enterprise, "customer"},
		{"conditional step, pronoun", "When the customer signs, thank them.", Enterprise, "customer|them"},
		{"condition without a step, plural", "If customers want more, they ask.", Enterprise, ""},
		{"condition without a step", "When the customer is happy, everyone wins.", Enterprise, ""},

		// "One of our customers" is a particular one.
		{"one of our customers", "One of our customers, a regional bank, asked for single sign-on.", Enterprise, "customers"},
		{"many of our customers", "Many of our customers asked for single sign-on.", Enterprise, ""},

		// Organizations a product is built for or sold to are its market.
		{"built for", "We build for mid-sized manufacturers in Europe.", Market, "manufacturers"},
		{"sold to", "We sell to hospitals.", Market, "hospitals"},
		{"companies in general", "Many companies track their goals in spreadsheets.", Market, ""},
		{"who it is for", "Who Faces is for\n\nIf you run a clinic, Faces keeps your front desk calm.\n\nLarge hospitals should look at our enterprise plan.\n", Market, "you|your|hospitals"},
		{"who we are", "Who we are\n\nIf you run a clinic, call us.\n", Market, ""},

		// A few organizations counted in a sentence of what was done are
		// the ones met.
		{"counted and met", "We visited three logistics companies in March.", Enterprise, "companies"},
		{"counted and met, hospitals", "We visited three hospitals in Ohio last month.", Enterprise, "hospitals"},
		{"counted, not met", "Three hospitals in Ohio use it today.", Enterprise, ""},
		{"met, not counted", "We visited hospitals in Ohio last month.", Enterprise, ""},

		// The jobs of customers' people outside software.
		{"a farmer met", "Why we visit customers.\n\nWhen I visited a dairy farm last spring, the farmer showed me her milking schedule.", Person, "farmer|her"},
		{"a customer's nurses", "Our customer Mercy Hospital moved its nurses to the new rota.", Role, "nurses"},
		{"software's words", "The device driver crashed when the server restarted.", Role, ""},
		{"a surname that is a job", "Our customer Acme loves it, says Justin Cook, their CTO.", Person, "Justin"},

		// "Lead" after the unit led is a title, not a prospect.
		{"shift leads", "Our customer Blue Yonder Bakery runs six shops. Her bakers start at four, and the shift leads plan the day on paper.", Role, "leads"},
		{"shift leads are no market", "Our customer Blue Yonder Bakery runs six shops. Her bakers start at four, and the shift leads plan the day on paper.", Market, ""},
		{"new leads", "Our SDRs follow up on new leads within a day.", Market, "leads"},

		// A quote's speaker, then by a surname the list of surnames knows.
		{"speaker's surname", "Litware case study\n\n\"Our engineers were paged,\" said Tomás Ortega, Litware's head of platform.\n\nOrtega now plans capacity.", Person, "Tomás|Ortega"},

		// Notes of a meeting with one customer are headed with its name;
		// a customer's title of a department is theirs, not ours; a name
		// after a title and a comma is the title's holder.
		{"QBR notes", "QBR prep: Tailspin Toys\n\nTailspin's renewal is in October.\n", Enterprise, "Tailspin|Tailspin's"},
		{"QBR tips", "QBR tips: Listen more\n\nListen more than you talk.\n", Enterprise, ""},
		{"their VP of Operations", "Our customer Tailspin renews in October, and their new VP of Operations has not met us yet.", Role, "VP"},
		{"our Head of Sales", "Our customer Tailspin renews in October, and our Head of Sales will call.", Role, ""},
		{"the champion, named", "Our customer Tailspin renews in October. Risks: the champion, Lee Park, is leaving.", Person, "Lee"},

		// A first name alone after "in" is a place.
		{"in Austin", "Our customer Rosa Alvarez manages the front desk of a dental practice in Austin.", Person, "Rosa"},
		{"in Jill Chen's team", "Our customer Acme moved its builds. The change started in Jill Chen's team.", Person, "Jill"},

		// A name that is also a word opens a sentence that gives its title.
		{"Frank is the CFO", "Our customers love it. Frank is the CFO of Acme.", Person, "Frank"},
		{"Will is no one", "Our customers love it. Will is the key driver of growth.", Person, ""},

		// Texts Faces holds: visit notes, insights, call notes, event
		// prep sheets (the eleventh session).
		{"a customer's tellers", "Account review: Woodgrove Bank\n\nTellers in 212 branches now use the queue screen daily.\n", Role, "Tellers"},
		{"a depot's pickers", "Our customer Northwind runs a depot in Rotterdam.\n\nThe pickers scan every crate by hand.\n", Role, "pickers"},
		{"pickers, no customer yet", "The pickers scan every crate by hand.", Role, ""},
		{"a pilot is a trial", "Our customer Adventure Works asked about the pilot in their Munich stores.", Role, ""},
		{"a colleague from marketing", "Our customers will visit the booth. It will be staffed by Priya and Tom from marketing.", Person, ""},
		{"a customer from a company", "Our customers will visit the booth. Talk to Tom from Adventure Works.", Person, "Tom"},
		{"our AE, after a customer's title", "Attendees: Hannah Ortiz (plant manager), Luis Romero (IT director), and our AE Sam.", Person, "Hannah|Luis"},
		{"visit notes", "Visit to Northwind Traders, Rotterdam depot\n\nI spent the morning at the depot.\n", Enterprise, "Northwind"},
		{"call notes", "Discovery call with Greenfield Dairy\n\nThey track deliveries on paper today.\n", Enterprise, "Greenfield|They"},
		{"a call of ours", "Call with Stakeholders\n\nWe meet every Monday.\n", Enterprise, ""},
		{"an unnamed insight's source", "“We lose an hour every Monday.”\n\n— warehouse supervisor, Contoso Logistics\n", Person, "warehouse supervisor"},

		// An all-hands update and a product announcement: colleagues
		// welcomed to a department, customers singled out by rank, a
		// customer's person introduced by a frontline job.
		{"welcomed to engineering", "Our customers renewed. Hiring: we welcomed Marta and Joel to engineering.", Person, ""},
		{"welcomed by a customer", "Our customers renewed. Marta and Joel welcomed us to Porto.", Person, "Marta|Joel"},
		{"our first hospital", "We closed 14 deals this month, including our first hospital.", Enterprise, "hospital"},
		{"our three largest accounts", "Next month we focus on the renewal of our three largest accounts.", Enterprise, "accounts"},
		{"our largest customers", "Our largest customers are banks.", Enterprise, ""},
		{"a nurse named", offline + "When Ana, a district nurse in Porto, tried the beta, she logged every visit.\n", Person, "Ana|she"},
		{"a designer named", offline + "When Ana, a designer in Porto, tried the beta, she logged every visit.\n", Person, ""},

		// "The user" one meets in a feedback session or an interview is
		// one person; in a reference page, any user.
		{"the user met", "User feedback sessions\n\nChat informally with the user to build rapport.\n", Person, "user"},
		{"the user of an API", "Signal events\n\nWhen the user is not root, the call fails.\n", Person, ""},
		{"the user of an API, a market", "Signal events\n\nWhen the user is not root, the call fails.\n", Market, "user"},

		// A title joined to a group of ours shares its "our".
		{"our team and managers", "Our customers renewed. You will work with our sales team and product managers.", Role, ""},
		{"their CFO and managers", "Our customers renewed. We met their CFO and purchasing managers.", Role, "CFO|purchasing|managers"},

		// A title that sells a product for a market names the market;
		// the ideal customer is the profile of one.
		{"titled for a market", "Zulip for education\n\nFree for most classes.\n", Market, "education"},
		{"titled for no market", "Git for Debian\n\nInstall it with apt.\n", Market, ""},
		{"an ideal customer profile", "Creating an Ideal Customer Profile is one of the most important things we did.", Market, "Customer"},
		{"an ideal customer", "Our ideal customer has a small IT team.", Market, "customer"},

		// A quote signed on the line after it is the signer's: its "we"
		// is their organization, its "I" the person; a quote no one
		// signs, or one whose speaker it names, is left as it is.
		{"a signed quote", "“We lose an hour every Monday.”\n\n— warehouse supervisor, Contoso Logistics\n", Enterprise, "We|Contoso Logistics"},
		{"a signed quote of two sentences", "“Our planners hate it. I do too.”\n\n— Jane Doe, Head of Planning at Litware\n", Person, "I|Jane"},
		{"a signed quote's company", "“Our planners hate it. I do too.”\n\n— Jane Doe, Head of Planning at Litware\n", Enterprise, "Our|Litware"},
		{"an unsigned quote", "“We love it.”\n\nThat is what they say.\n", Enterprise, ""},
		{"a quote with its speaker", "“We love it,” says our CEO.\n\n— Jane Doe, CTO, Acme\n", Enterprise, "Acme"},

		// A title's department before a company is no company; a first
		// person inside a quote is not the writer's, so the company after
		// "at" is not ours; an attribution's company is capitalized.
		{"a department at a company", "Jane Doe, Head of Planning at Litware, said it.", Enterprise, "Litware"},
		{"a quoted I", "As courses moved online, Kiran Kedlaya, Professor of Mathematics at UCSD, set a challenge: “Seeing the chance, I decided to try it.”", Enterprise, "UCSD"},
		{"no company after the commas", "Kiran Kedlaya, Professor at UCSD, gave himself a challenge: “I decided to try it.”", Enterprise, "UCSD"},

		// A text that welcomes a new colleague: its "you" and the
		// people it introduces are ours; its customers are still
		// customers.
		{"a welcome's people", "Getting started\n\nOn your first day, you'll meet your buddy.\n\nYour buddy will be someone who has worked here for a while.\n\nThey'll introduce themselves during your first week.\n", Market, ""},
		{"a welcome's names", "Getting started\n\nOn your first day, your manager will be your point of contact.\n\nYou'll meet with Andrea to review our policies.\n", Person, ""},
		{"a welcome's customers", "Getting started\n\nOn your first day, you'll read how our customers use the product.\n", Market, "customers"},
		{"a product page's first day", "Faces for hospitals\n\nOn your first day, you'll see every patient's story.\n", Market, "hospitals|your|you'll"},
		{"value from the first day", "Our customers love it.\n\nFrom your first day, people see every patient's story.\n", Market, "customers|people"},
		{"a welcome's first day", "Our customers love it.\n\nOn your first day, people see every patient's story.\n", Market, "customers"},
		{"no welcome", "Getting started\n\nYour manager will be your point of contact.\n\nYou'll meet with Andrea, our customer, to review the plan.\n", Person, "contact|Andrea"},
		{"a dash and a list", "Things to bring:\n\n- laptop, Chromebook, charger\n", Person, ""},

		// A first name that is also a word ("Mike", "Maria", "Frank")
		// opening a sentence is a name when a person's verb, "and her",
		// or the department one is from follows it, or when it is
		// someone's title (the twelfth session).
		{"a name that is a word, and a verb", "Visit to Northwind Traders\n\nMike walked us through the line.\n", Person, "Mike"},
		{"after an opening word", "Visit to Northwind Traders\n\nYesterday Maria showed us the cold store.\n", Person, "Maria"},
		{"and her leads", "Visit to Northwind Traders\n\nMaria and her shift leads joined us for coffee.\n", Person, "Maria|her"},
		{"from a department", "Our customers renewed.\n\nFrank from procurement joined the last call.\n", Person, "Frank"},
		{"their CFO", "Our customers renewed.\n\nFrank is their CFO.\n", Person, "Frank"},
		{"a command", "Visit to Northwind Traders\n\nMark notes as done.\n", Person, ""},
		{"a month", "Our customers renewed.\n\nMay saw record sales.\n", Person, ""},
		{"a field's name", "Our customers renewed.\n\nFirst Name changed to Given Name.\n", Person, ""},
		{"a grant", "Our customers renewed.\n\nGrant from the foundation covered it.\n", Person, ""},
		{"our CFO", "Our customers renewed.\n\nFrank is our CFO.\n", Person, ""},

		// A colleague from the functions that serve customers; "their"
		// after a company's title is the company's.
		{"a colleague from support", "Visit to Greenfield Dairy\n\nHalf a day at the Leeds plant, with Priya from support.\n", Person, ""},
		{"a colleague from customer success", "Visit to Greenfield Dairy\n\nSam from customer success joined the call.\n", Person, ""},
		{"their after a company's title", "Our customer Fabrikam Foods renewed.\n\nFabrikam's COO has never met us. Ask how their plants handle night shifts.\n", Enterprise, "customer|Fabrikam|Fabrikam's|their"},
		{"their after a title alone", "Our customer Fabrikam Foods renewed.\n\nThe COO has never met us. Ask how their plants handle night shifts.\n", Enterprise, "customer|Fabrikam"},

		// The jobs that serve customers, by their acronyms, are ours
		// (a playbook's "day in the life"); a customer's own title is
		// theirs.
		{"one of our TAMs", "Our customers renewed. Priya, one of our TAMs, reads the tickets first.", Person, ""},
		{"our CE", "Our customers renewed. Our CE Priya joins every kickoff.", Person, ""},
		{"their platform lead", "Our customers renewed. Priya, their platform lead, reads the tickets first.", Person, "Priya"},

		// An organization's noun before a thing it names is no
		// organization: a review, a handbook, a product's edition.
		{"a business review", "Each quarter the TAM runs a business review with the account's engineering leadership.", Market, ""},
		{"a business review's account", "Each quarter the TAM runs a business review with the account's engineering leadership.", Enterprise, "account's"},
		{"the company handbook", "We also wrote a public company handbook.", Market, ""},
		{"an enterprise license", "Customers on an enterprise license get a TAM.", Market, "Customers"},
		{"a business", "A business that grows needs a TAM.", Market, "business"},

		// One asks, e-mails and thanks a colleague by name, and the
		// customer's contact too.
		{"ask the contact", "Our customers renewed. Ask the contact to confirm the date.", Person, "contact"},
		{"thank the contact", "After every call, thank the contact personally.", Person, "contact"},
		{"ask a colleague", "Our customers renewed. Ask Yakko to confirm the date.", Person, ""},

		// A title from an organization, and what that one did: one
		// person, unnamed; what such a title wants in general is a role.
		{"a director from a retailer told us", "Last spring, a platform director from a large retailer told us that our audit logs were unusable.", Person, "director"},
		{"an engineer at Acme showed us", "An engineer at Acme showed us the build.", Person, "engineer"},
		{"a CTO at a bank wants", "A CTO at a large bank wants fewer vendors.", Person, ""},
		{"a student in Lagos found", "Our most active community members get early access. Last year one of them, a student in Lagos, found a data loss bug.", Person, "student"},
		{"a store manager in Leeds wrote", "A store manager in Leeds wrote that the app saves her an hour.", Person, "manager|her"},
		{"a developer in Berlin wants", "A developer in Berlin wants a CLI.", Person, ""},
		{"we spoke with one", "In March we spoke with a release manager at a mid-sized fintech. She keeps a spreadsheet of every deploy.", Person, "manager|She"},
		{"we talked to one", "Our customers renewed. Last week we talked to a store manager in Leeds. She wants the app on tablets.", Person, "manager|She"},
		{"we met one of ours", "We met a designer from our agency.", Person, ""},

		// An all-hands update: the people we welcome are new colleagues,
		// and its section "People" is ours; a visitor we welcome is not.
		{"we welcomed two engineers", "Our customers renewed. We welcomed two new engineers, Ana and Luis.", Person, ""},
		{"please welcome", "Our customers renewed. Please welcome Ana and Luis to the team.", Person, ""},
		{"we welcomed a visitor", "Our customers renewed. We welcomed Jill from Acme to our office.", Person, "Jill"},
		{"a section People", "Our customers renewed.\n\nPeople\n\nWe welcomed Ana.\n", Market, "customers"},

		// A call's notes: the customer after the heading's colon, the
		// attendees on our side by their titles or by "from our side".
		{"call: a name", "Discovery call: Harbor Freight Logistics\n\nHarbor runs 14 warehouses.\n", Enterprise, "Harbor|Harbor"},
		{"meeting: its agenda", "Weekly meeting: Agenda\n\nWe review the roadmap.\n", Enterprise, ""},
		{"attendees on both sides", "Attendees: Dana Whitfield (Director of Operations), Raj Patel (IT manager), and from our side Sam (AE) and Lee (SE).", Person, "Dana|Raj"},

		// A word that is also a name, then a comma and what a thing is
		// said with, is the thing.
		{"price, in four losses", "Why we lost\n\n- Price, in four of six losses.\n", Person, ""},
		{"Frank, the CFO", "Our customers renewed. Frank, the CFO, said yes.", Person, "Frank"},

		// A customer story's title that asks how a customer did it; a
		// phrase after the colon is no name.
		{"spotlight: how", "Customer spotlight: how Kestrel Health cut on-call pages by 60%\n\nKestrel Health builds scheduling software.\n", Enterprise, "Kestrel|Kestrel"},
		{"how a customer's team", "How Northwind's IT team manages 5,000 laptops\n\nNorthwind Traders is a food distributor.\n", Enterprise, "Northwind's|Northwind"},
		{"case study: a phrase", "Case study: improving uptime at scale\n\nHow do we help teams?\n", Enterprise, ""},

		// Our plans by their names are no customers.
		{"Business and Enterprise plans", "Today we're launching audit log export for every Business and Enterprise workspace.", Market, ""},
		{"enterprise customers", "Today we're launching audit log export for enterprise customers.", Market, "enterprise|customers"},

		// Who said a quote, by title, is one person; a title that wants
		// something is a role.
		{"said the compliance lead", "Our customers love it. \"We passed our audit,\" said the compliance lead at a fintech in our beta.", Person, "lead"},
		{"the CTO said", "Our customers love it. \"We passed our audit,\" the CTO said.", Person, "CTO"},
		{"the platform lead wants", "Our customers love it. The platform lead wants a demo.", Role, "lead"},

		// Product managers are ours, as sales managers are, unless they
		// are a customer's.
		{"our product managers", "Every feature request from a customer goes into the tracker. Product managers review new requests every Monday.", Role, ""},
		{"their product managers", "Our customers renewed. Their product managers want a roadmap.", Role, "managers"},

		// A proof of concept's people: the prospect's technical contact,
		// and our SE.
		{"the technical contact", "Our customers renewed. The SE meets the technical contact twice a week.", Person, "contact"},
		{"our SE is no company", "Our customers renewed. At the end, the SE and the champion review the criteria.", Enterprise, ""},

		// Titles placed among customers are roles; among ours, no one.
		{"directors at hospitals", "IT directors at hospitals want audit logs.", Role, "directors"},
		{"leaders from customers", "Members are senior engineering leaders from customers of every size.", Role, "leaders"},
		{"admins at accounts", "Problem: Admins at larger accounts export reports one at a time.", Role, "Admins"},
		{"managers at our company", "Engineering managers at our company review every design.", Role, ""},

		// A persona page's jobs are the persona's role; elsewhere, a job
		// alone is no one's.
		{"a persona's job", "Persona: the platform engineer\n\nPlatform engineers rarely hold the budget.\n", Role, "Persona|engineer|engineers"},
		{"a job alone", "Platform engineers rarely hold the budget.", Role, ""},

		// A name whose site follows is the organization's, and the text
		// may name it by its first word again; a person's, a place's or
		// an office is not.
		{"a company's plant", "Half a day at Greenfield Dairy's Leeds plant, with Priya from support.\n\nGreenfield renews in March.\n", Enterprise, "Greenfield Dairy|Greenfield"},
		{"a company's depots", "We visited Northwind's depots.", Enterprise, "Northwind"},
		{"a person's bakery", "Maria's bakery is small.", Enterprise, ""},
		{"a city's factories", "London's factories closed.", Enterprise, ""},
		{"a company's office", "We met at Google's Dublin office.", Enterprise, ""},

		// A language is no one, though "German" is a given name.
		{"languages", "Support answers in English and German.", Person, ""},
		{"a German by name", "German Alvarez, our customer, called.", Person, "German"},

		// Once a text has told the reader a step to take, "the customer"
		// after it is the one the steps are for; before any step, or in
		// a text of none, customers at large.
		{"the customer after a step", "Review the renewal dates every Monday.\n\nA renewal cannot stay in commit if nobody has spoken to the customer in 60 days.\n", Enterprise, "customer"},
		{"the customer with no step", "A renewal cannot stay in commit if nobody has spoken to the customer in 60 days.", Enterprise, ""},

		// Discovery questions ask the prospect; questions under another
		// heading ask no one we know.
		{"discovery questions", "Discovery questions\n\nWhat made you look for something now?\n", Enterprise, "you"},
		{"questions of no one", "Questions\n\nWhat made you look for something now?\n", Enterprise, ""},

		// People are customers where the sentence speaks of customers or
		// of what we sell, or of what they do with it; elsewhere they are
		// people: colleagues, candidates, anyone.
		{"people who buy", "We build tools for people who buy their first home.", Market, "people|their"},
		{"people and the product", "We hear that people never open the product tour.", Market, "people"},
		{"people among customers", "Customers are people first.", Market, "Customers|people"},
		{"people at large", "People are our greatest strength, and we invest in them.", Market, ""},
		{"someone in a handover", "If you spot a problem, hand it over to someone who agreed to own it.", Market, ""},
		{"in person", "The team meets in person twice a year.", Market, ""},
		{"customers in person", "Meet customers in person.", Market, "customers"},

		// A customer's "our engineers", in a quote: their people by their
		// job; ours outside one.
		{"a customer's own people", "Maria Lopez is head of nursing at Mercy Hospital.\n\n“Our nurses want fewer alarms,” Lopez says.", Role, "nurses"},
		{"our own people", "Our nurses want fewer alarms.", Role, ""},

		// Stakeholders are a customer's once the text has spoken of one;
		// before, in an incident's handling, they are ours.
		{"stakeholders of ours", "Post updates in the incident channel so stakeholders can follow along.", Role, ""},
		{"a customer's stakeholders", "Our customer Contoso renews in March. Map the stakeholders early.", Role, "stakeholders"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectRead(t, tt.text, tt.level, tt.want)
		})
	}
}
