package lens

// Segment is a stretch of a text: a reference to customers at a level, or
// plain text between them (Level is "" then).
type Segment struct {
	Text  string
	Level string
}

// Segments cuts text into plain stretches and the mentions found in it
// (as Analyze found them, in order), so that a page can mark each
// reference by its level without building HTML by hand.
func Segments(text string, mentions []Mention) []Segment {
	var out []Segment
	pos := 0
	for _, m := range mentions {
		if m.Start < pos || m.End > len(text) || m.Start >= m.End {
			continue // overlapping, or past the text
		}
		if m.Start > pos {
			out = append(out, Segment{Text: text[pos:m.Start]})
		}
		out = append(out, Segment{Text: text[m.Start:m.End], Level: m.Level.String()})
		pos = m.End
	}
	if pos < len(text) {
		out = append(out, Segment{Text: text[pos:]})
	}
	return out
}

// customerText reads the texts Faces keeps about one customer — a
// person's notes and stories, a company's story, a visit's or a review's
// notes. There every name is on the customer's side and the text is
// about them from its first word, which is how the rules read a name in
// customer context. The model learned from whole documents an
// organization writes about its work, where the first sentence is a title
// and a first name is as often a colleague's, and is less sure of a lone
// "Sam showed us the oven log" than such a text deserves; it reads the
// organization's own writing (faces lens, the eval).
var customerText = Rules

// Read is a text as a page shows it through the lens: its references by
// level, and the text cut at them.
type Read struct {
	Counts   Counts
	Segments []Segment
}

// Known is what Faces knows of a text it holds: whom it is about, by
// name, and whom else it may name (see Analyzer).
type Known struct {
	About      Subject
	Name       string   // the person's or the company's name ("" if none)
	People     []string // the customer's people it may name: those met on a visit
	Colleagues []string // our own people it may name: those who went
	TheirWords bool     // the text is the customer's own words (an insight as they said it)
	// Ours are the organization's own names and its products' (see
	// Analyzer.Ours), Customers its own words for its customers ("members",
	// "patients"; see Analyzer.Customers): settings of Faces, the same for
	// every text.
	Ours, Customers []string
}

// ReadText analyzes a short text Faces keeps about a customer for a page,
// knowing what k says.
func ReadText(text string, k Known) Read {
	doc := readCustomerText(text, k)
	return Read{Counts: doc.Counts, Segments: Segments(text, doc.Mentions)}
}

// MostConcrete reads a text Faces keeps about a customer and returns the
// most concrete level at which it speaks of customers; ok is false when it
// never mentions one.
func MostConcrete(text string, k Known) (l Level, ok bool) {
	return readCustomerText(text, k).MostConcrete()
}

func readCustomerText(text string, k Known) *Document {
	a := customerText
	a.About, a.People, a.Colleagues, a.TheirWords = k.About, k.People, k.Colleagues, k.TheirWords
	a.Ours, a.Customers = k.Ours, k.Customers
	if k.Name != "" {
		a.Names = []string{k.Name}
	}
	return a.AnalyzeBytes([]byte(text))
}
