package lens

import (
	"bufio"
	"bytes"
	"io"
)

// Document is the analysis of one text.
type Document struct {
	Path      string     `json:"path,omitempty"`
	Bytes     int64      `json:"bytes"`
	Mentions  []Mention  `json:"mentions"`
	Sentences []Sentence `json:"sentences"`
	// Counts is the number of mentions at each level.
	Counts Counts `json:"counts"`
	// CustomerFree is true when the text never refers to a customer.
	CustomerFree bool `json:"customer_free"`
	// UsShare is the share of the sentences that speak of the writer's own
	// side ("we", "our team") among those that speak of either side: 1 when
	// a text talks only about us, 0 when only about customers.
	UsShare float64 `json:"us_share"`
}

// maxChunk bounds the text analyzed at once. Paragraphs are analyzed whole;
// a paragraph longer than this (a huge single line, say) is cut at the last
// white space before the bound, so memory stays flat whatever the input.
const maxChunk = 1 << 20

// Analyzer reads texts with the rules and, when Model is set, lets the
// learned model decide each sentence's levels from the rules' findings and
// the sentence's own features. The zero Analyzer is the rules alone.
type Analyzer struct {
	Model *Model
	// Ours are the names of the writer's own organization and products
	// ("Acme", "Acme Cloud"): their words, capitalized, are read as ours
	// from the first sentence, never as a customer. Without them the
	// lens learns our names only where the text says so ("at Acme, we…"),
	// and a product's name that a text keeps coming back to reads like a
	// customer company's in a case study.
	Ours []string
	// Customers are the organization's own words for its customers,
	// singular or plural, a word or a phrase ("collector", "gallery",
	// "auction houses"): the lens reads them as it reads "customer" and
	// "client". Every organization has some ("patients", "members",
	// "merchants") that no list of the lens can know are its customers.
	Customers []string
	// About is whom the text is about, when the caller knows: Faces
	// knows that a person's notes and story are about that person, and
	// a company's story about that company.
	About Subject
	// Names are the names of whom the text is about, when the caller
	// knows them: the person's for AboutAPerson ("Maria Lopez"), the
	// company's for AboutACompany ("Northwind Traders"). The text may
	// then name them without introducing them: "Northwind renews in
	// June", "Lopez prefers calls". A company is known by the first word
	// of its name that the lexicon does not know ("Northwind", not "The"
	// of "The Home Depot").
	Names []string
	// People are the names of the customer's people the text may name
	// by first name alone, as Faces knows them: those met on a visit,
	// those a review asks about. Colleagues are our own people it may
	// name so: those who went. A name that is in both is the customer's.
	People, Colleagues []string
	// TheirWords tells that the whole text is the customer's own words
	// (an insight recorded as they said it): its "I" is them and its
	// "we" their organization, as inside their quote.
	TheirWords bool
}

// Subject is whom a text is about as a whole.
type Subject uint8

const (
	AboutAnyone   Subject = iota // a text of any kind: its pronouns point back to what it names
	AboutAPerson                 // a customer person's notes or story: "she" and "he" are that person
	AboutACompany                // a customer company's story: "they" and "their" are that company
)

// Rules is the analyzer without a learned model, for comparison.
var Rules = Analyzer{}

// Default is the analyzer Analyze and Stream use: the rules and the model
// Faces ships.
func Default() Analyzer { return Analyzer{Model: defaultModel()} }

// Analyze reads r to its end and analyzes it as one document. Offsets in
// the result are byte offsets into what r delivered. Invalid UTF-8 is read
// as non-letters and never stops the analysis.
func Analyze(r io.Reader) (*Document, error) { return Default().Analyze(r) }

// AnalyzeBytes analyzes b as one document.
func AnalyzeBytes(b []byte) *Document { return Default().AnalyzeBytes(b) }

// AnalyzeString analyzes s as one document.
func AnalyzeString(s string) *Document { return AnalyzeBytes([]byte(s)) }

// Analyze reads r to its end and analyzes it as one document.
func (a Analyzer) Analyze(r io.Reader) (*Document, error) {
	doc := &Document{Mentions: []Mention{}, Sentences: []Sentence{}}
	err := a.Stream(r, func(s Sentence, ms []Mention) {
		doc.Sentences = append(doc.Sentences, s)
		doc.Mentions = append(doc.Mentions, ms...)
	}, &doc.Bytes)
	doc.finish()
	return doc, err
}

// AnalyzeBytes analyzes b as one document.
func (a Analyzer) AnalyzeBytes(b []byte) *Document {
	doc, _ := a.Analyze(bytes.NewReader(b)) // a bytes.Reader never fails
	return doc
}

func (d *Document) finish() {
	var us, customers int
	for _, m := range d.Mentions {
		d.Counts[m.Level]++
	}
	for _, s := range d.Sentences {
		if s.Levels != 0 {
			customers++
		} else if s.Us {
			us++
		}
	}
	d.CustomerFree = len(d.Mentions) == 0
	d.UsShare = ratio(us, us+customers)
}

// Stream analyzes r paragraph by paragraph and calls emit for every
// sentence, in order, with the mentions that start in it. It holds at most
// one paragraph (bounded by maxChunk) in memory, and the mentions of an
// unsigned quote's sentences until the line after it is read (at most
// maxHeld sentences; deliver). If n is not nil it is set to the number of
// bytes read.
func Stream(r io.Reader, emit func(Sentence, []Mention), n *int64) error {
	return Default().Stream(r, emit, n)
}

// Stream analyzes r paragraph by paragraph, as the package's Stream does.
func (a Analyzer) Stream(r io.Reader, emit func(Sentence, []Mention), n *int64) error {
	rd := getReader(a.Model)
	defer putReader(rd)
	rd.knowOurs(a.Ours)
	rd.knowCustomerKinds(a.Customers)
	rd.knowTheirs(a.Names, a.About)
	rd.knowPeople(a.People, a.Colleagues)
	rd.theirWords = a.TheirWords
	rd.about = a.About
	return rd.stream(r, emit, n)
}

func (rd *reader) stream(r io.Reader, emit func(Sentence, []Mention), n *int64) error {
	br, buffered := r.(*bufio.Reader)
	if !buffered || br.Size() < 64*1024 {
		if rd.br == nil {
			// Not bufio.NewReaderSize(r, …), which hands back r itself
			// when it is a large enough bufio.Reader: the reader would
			// then keep the caller's.
			rd.br = bufio.NewReaderSize(nil, 64*1024)
		}
		rd.br.Reset(r)
		defer rd.br.Reset(nil) // let go of r
		br = rd.br
	}
	para := rd.paraBuf[:0]
	defer func() { rd.paraBuf = kept(para, 256*1024) }()
	// A quote the text ends on is signed by no one.
	defer rd.releaseHeld(emit, false)
	offset := 0 // byte offset of para[0] in the input
	flush := func() {
		if len(para) > 0 {
			rd.paragraph(para, offset, emit)
			offset += len(para)
			para = para[:0]
		}
	}
	for {
		line, err := br.ReadSlice('\n')
		if n != nil {
			*n += int64(len(line))
		}
		para = append(para, line...)
		for len(para) > maxChunk {
			cut := cutPoint(para[:maxChunk])
			rd.paragraph(para[:cut], offset, emit)
			offset += cut
			para = append(para[:0], para[cut:]...)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			flush()
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF {
			flush()
			return nil
		}
		if err != nil {
			flush()
			return err
		}
	}
}

// cutPoint picks where to cut an over-long paragraph: after the last white
// space, or after the last complete UTF-8 sequence when there is none.
func cutPoint(b []byte) int {
	if i := bytes.LastIndexAny(b, " \t\n"); i > 0 {
		return i + 1
	}
	i := len(b)
	for i > 0 && b[i-1]&0xC0 == 0x80 {
		i--
	}
	if i > 0 && b[i-1] >= 0xC0 {
		i--
	}
	if i == 0 {
		return len(b)
	}
	return i
}

// OnlyAbstract tells whether a text speaks of customers only in the
// abstract: it mentions them, but never a role or a person among them
// (an account review that says "the account" and "the customer" and
// never who), read knowing what k says.
func OnlyAbstract(text string, k Known) bool {
	c := readCustomerText(text, k).Counts
	return c.Total() > 0 && c[Role] == 0 && c[Person] == 0
}
