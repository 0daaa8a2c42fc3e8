package lens

// Words whose sense their neighbours settle: a month that is a date, a
// client that is a program, "leads" the verb, and partners that are
// clients in a text about account management.

// mayChangeSense tells whether settleSenses may read t otherwise than the
// lexicon does; a sentence with no such word skips it. A month counts only
// capitalized: "may", the verb, is far more common.
func (t *token) mayChangeSense() bool {
	return t.is(senseWords) || t.stemIs(senseWords) || t.cap && t.is(monthNames)
}

// settleSenses reads the words whose sense their neighbours settle:
//   - a month in a date names no one: one followed by a number ("June 6th,
//     2012", "May 2024"), or after a word such as "in" or "since" and not
//     followed by a capitalized word ("in May", not "by April Jones");
//   - a client that is a program is no customer: "the HTTP client", "a
//     client library". It is read as the word "program", so that neither
//     the rules nor the model's weights for "client" see a customer;
//   - "leads" after its subject is the verb ("she leads the team"), not
//     prospects, and so is "lead" after a pronoun or an auxiliary ("I
//     lead the team", "will lead"), not a title.
func (rd *reader) settleSenses() {
	for i := range rd.toks {
		t := &rd.toks[i]
		if !t.word {
			continue
		}
		switch {
		case t.cap && t.is(monthNames):
			next := i + 1
			for next < len(rd.toks) && rd.toks[next].isPunct(".") {
				next++ // "Sept. 12"
			}
			number := next < len(rd.toks) && rd.toks[next].word && isDigit(rd.toks[next].lower[0])
			capitalized := next < len(rd.toks) && rd.toks[next].word && rd.toks[next].cap
			if number || rd.is(i-1, dateCues) && !capitalized {
				t.cls &^= firstNames | lastNames | nameWords
				t.stemCls &^= firstNames | lastNames | nameWords
			}
		case t.base == "client" && (protocolNames[rd.word(i-1)] || i+1 < len(rd.toks) && softwareNouns[rd.toks[i+1].base]):
			rd.readAs(t, "program")
		case t.lower == "leads" && rd.leadsAsVerb(i):
			rd.readAs(t, "leads") // the verb, not the plural of "lead"
		case t.lower == "lead" && leadSubjects[rd.word(i-1)]:
			rd.readAs(t, "leads") // the verb, not a team's lead
		}
	}
}

// readAs reads the word t as the word w, which no list of the lexicon
// holds: its classes are dropped and the model weighs it as w.
func (rd *reader) readAs(t *token, w string) {
	t.base, t.baseHash, t.plural, t.cls, t.stemCls = w, hashWord(w), false, 0, 0
	rd.weighWord(t)
}

// weighWord looks up the model's weights for t read as its base, after a
// reading changed the base the memo gave it.
func (rd *reader) weighWord(t *token) {
	t.wordW = nil
	if rd.model != nil {
		t.wordW = rd.model.table.get(mix(fWord, t.baseHash))
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// protocolNames before "client" make it a program: "an HTTP client", "the
// SSH clients". They are a set of their own, not a class of the lexicon:
// a word of the lexicon is no longer an unknown capitalized word, which
// is one of the model's features.
var protocolNames = wordSet(`api apis http https ssh vpn dns grpc rest cli tcp
	udp sql smtp imap pop3 ftp sftp rpc websocket irc xmpp oauth ldap nfs git
	ntp dhcp telnet mqtt amqp graphql soap cdp s3 torrent bittorrent`)

// softwareNouns after "client" make it a program: "client library",
// "client certificates" (stems; a set of their own, as protocolNames).
var softwareNouns = wordSet(`library sdk code side certificate app binary
	software program application`)

// leadSubjects before "lead" make it the verb (a set of their own, as
// protocolNames).
var leadSubjects = wordSet(`i we you they to will would can could should must
	might who`)

// leadsAsVerb tells whether "leads" at i is the verb: after a subject
// ("she leads the team", "who leads", "Jill leads"), not after a
// determiner or a possessive ("new leads", "their leads").
func (rd *reader) leadsAsVerb(i int) bool {
	switch rd.word(i - 1) {
	case "she", "he", "who", "which", "it":
		return true
	}
	return i > 0 && rd.toks[i-1].word && rd.toks[i-1].cap && rd.toks[i-1].is(firstNames)
}

// partnersAsClients reads the partners of a text about account management
// as its clients: an organization that calls its customers partners (a
// public agency's clients, a consultancy's) has account managers who
// manage the partner relationship ("the AM works to set the partner's
// expectations"). A partner of a channel or a technology stays a partner.
// It notes the account managers when the word at i names them.
func (rd *reader) partnersAsClients(i int) {
	t := &rd.toks[i]
	switch {
	case t.base == "manager" || t.base == "management":
		rd.accounts = rd.accounts || rd.word(i-1) == "account"
	case t.base == "partner" && !partnerKinds[rd.word(i-1)]:
		c := token{lower: "client" + t.lower[len("partner"):], cap: t.cap, word: true}
		c.hash = hashWord(c.lower)
		c.classify()
		t.base, t.baseHash, t.plural, t.cls, t.stemCls = c.base, c.baseHash, c.plural, c.cls, c.stemCls
		rd.weighWord(t)
	}
}

// partnerKinds before "partner" name a partner that is no customer.
var partnerKinds = map[string]bool{"channel": true, "technology": true, "integration": true,
	"implementation": true, "reseller": true, "solution": true, "solutions": true,
	"alliance": true, "strategic": true, "referral": true, "business": true,
	"trusted": true, "sparring": true, "thought": true, "delivery": true, "cloud": true}
