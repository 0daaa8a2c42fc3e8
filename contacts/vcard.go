package contacts

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"mime/quotedprintable"
	"slices"
	"strings"

	"github.com/emersion/go-vcard"
	"golang.org/x/text/encoding/htmlindex"

	"github.com/faces-org/faces"
)

// MaxCardBytes bounds one card, its inline photo included: a card larger
// than this is refused before it is read into memory.
const MaxCardBytes = 16 << 20

// The vCard properties of Faces' own extension (see ExportVCard): a role
// history entry and the person's story, each as a JSON object.
const (
	PropPosition = "X-FACES-POSITION"
	PropStory    = "X-FACES-STORY"
	// ParamKind on a RELATED property names the Faces relationship kind.
	ParamKind = "X-FACES-KIND"
)

// VCards reads contacts from a vCard file (versions 2.1, 3.0 and 4.0),
// card by card. The cards are parsed by go-vcard; what that library reads
// only in the syntax of versions 3.0 and 4.0 — version 2.1's bare
// parameters ("TEL;WORK;VOICE:"), quoted-printable values and character
// sets — is rewritten first, line by line.
type VCards struct {
	Encoding string         // the encoding the file was in
	Versions map[string]int // cards read, by version

	r       *bufio.Reader
	line    int            // physical lines read
	pending []byte         // a line read ahead of the card it starts
	notRead map[string]int // properties not read, by name, with counts
}

// ReadVCards reads a vCard file as UTF-8, telling its encoding by its
// content as ReadCSV does.
func ReadVCards(r io.Reader) *VCards {
	text, encoding := decode(r)
	return &VCards{Encoding: encoding, Versions: map[string]int{}, r: text, notRead: map[string]int{}}
}

// Ignored lists the properties no field reads, each with how many cards
// had it: "BDAY (3)".
func (v *VCards) Ignored() []string {
	var out []string
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range v.notRead {
			if !yield(k) {
				return
			}
		}
	}) {
		out = append(out, fmt.Sprintf("%s (%d)", name, v.notRead[name]))
	}
	return out
}

// Contacts reads the cards one by one. A card that cannot be read is a
// faces.LineProblem naming the line where it starts; what is not a card
// at all (a file that stops inside one) ends the sequence with an error.
func (v *VCards) Contacts() iter.Seq2[*faces.Contact, error] {
	return func(yield func(*faces.Contact, error) bool) {
		for {
			start, lines, err := v.nextCard()
			if errors.Is(err, io.EOF) {
				return
			}
			var problem faces.LineProblem
			if err != nil && !errors.As(err, &problem) {
				yield(nil, err)
				return
			}
			if err != nil {
				if !yield(nil, problem) {
					return
				}
				continue
			}
			c, reason := v.contact(lines)
			if reason != "" {
				if !yield(nil, faces.LineProblem{Line: start, Reason: reason}) {
					return
				}
				continue
			}
			c.Line = start
			if !yield(c, nil) {
				return
			}
		}
	}
}

// readLine returns the next physical line without its line break, or
// io.EOF. A line longer than MaxCardBytes is an error.
func (v *VCards) readLine() ([]byte, error) {
	if v.pending != nil {
		l := v.pending
		v.pending = nil
		return l, nil
	}
	var line []byte
	for {
		chunk, err := v.r.ReadSlice('\n')
		if len(line)+len(chunk) > MaxCardBytes {
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = v.r.ReadSlice('\n') // the rest of the line goes unread
			}
			v.line++
			return nil, errTooLarge
		}
		line = append(line, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && (len(line) == 0 || !errors.Is(err, io.EOF)) {
			return nil, err
		}
		v.line++
		return bytes.TrimRight(line, "\r\n"), nil
	}
}

// nextCard reads the logical lines of the next card (unfolded, 2.1's
// soft line breaks joined), from BEGIN:VCARD to END:VCARD, and the line
// where it starts.
func (v *VCards) nextCard() (start int, lines []string, err error) {
	size := 0
	var cur []byte // the logical line being put together
	inCard := false
	flush := func() {
		if len(cur) > 0 {
			lines = append(lines, string(cur))
		}
		cur = nil
	}
	for {
		l, err := v.readLine()
		if errors.Is(err, io.EOF) {
			if inCard {
				return start, nil, faces.LineProblem{Line: start, Reason: "The card that starts here has no END:VCARD; the file stops inside it."}
			}
			return 0, nil, io.EOF
		}
		if err != nil && !(errors.Is(err, errTooLarge) && inCard) {
			if errors.Is(err, errTooLarge) {
				err = faces.LineProblem{Line: v.line, Reason: fmt.Sprintf("A line is longer than %d MB; is this a vCard file?", MaxCardBytes>>20)}
			}
			return start, nil, err
		}
		size += len(l)
		if size > MaxCardBytes || err != nil {
			v.skipCard()
			return start, nil, faces.LineProblem{Line: start, Reason: fmt.Sprintf("The card is larger than %d MB; not read.", MaxCardBytes>>20)}
		}
		switch {
		case !inCard:
			if len(bytes.TrimSpace(l)) == 0 {
				continue
			}
			if !isProp(l, "BEGIN", "VCARD") {
				return v.line, nil, faces.LineProblem{Line: v.line, Reason: "Expected BEGIN:VCARD; this is not a vCard line."}
			}
			inCard, start = true, v.line
		case len(l) > 0 && (l[0] == ' ' || l[0] == '\t'):
			cur = append(cur, l[1:]...) // a folded line goes on
		case softBreak(cur):
			cur = append(cur[:len(cur)-1], l...) // 2.1: quoted-printable "=" at the end goes on
		case isProp(l, "END", "VCARD"):
			flush()
			return start, lines, nil
		case isProp(l, "BEGIN", "VCARD"):
			v.pending = l
			v.line--
			return start, nil, faces.LineProblem{Line: start, Reason: "The card that starts here has no END:VCARD before the next card."}
		default:
			flush()
			cur = append(cur, l...)
		}
	}
}

// skipCard reads on past the END:VCARD of a card too large to read.
func (v *VCards) skipCard() {
	for {
		l, err := v.readLine()
		if err != nil && !errors.Is(err, errTooLarge) || err == nil && isProp(l, "END", "VCARD") {
			return
		}
	}
}

// errTooLarge: a line longer than a card may be.
var errTooLarge = errors.New("line too long")

// isProp tells whether a line is "NAME:VALUE", in any case.
func isProp(l []byte, name, value string) bool {
	k, val, ok := bytes.Cut(bytes.TrimSpace(l), []byte{':'})
	return ok && bytes.EqualFold(k, []byte(name)) && bytes.EqualFold(bytes.TrimSpace(val), []byte(value))
}

// softBreak tells whether a logical line is a quoted-printable value cut
// by a soft line break (a "=" at its end) that the next line continues.
func softBreak(cur []byte) bool {
	if len(cur) == 0 || cur[len(cur)-1] != '=' {
		return false
	}
	head, _, ok := bytes.Cut(cur, []byte{':'})
	return ok && bytes.Contains(bytes.ToUpper(head), []byte("QUOTED-PRINTABLE"))
}

// bareEncodings are version 2.1's parameters that name an encoding
// without "ENCODING=".
var bareEncodings = map[string]bool{"QUOTED-PRINTABLE": true, "BASE64": true, "B": true, "8BIT": true, "7BIT": true}

// normalize rewrites one logical line in the syntax go-vcard reads: bare
// parameters become TYPE= (or ENCODING=), a quoted-printable value is
// decoded, and a value in another character set becomes UTF-8.
func normalize(line string) string {
	head, value, ok := cutOutsideQuotes(line, ':')
	if !ok {
		return line
	}
	parts := splitOutsideQuotes(head, ';')
	var params []string
	encoding, charset := "", ""
	for _, p := range parts[1:] {
		k, val, hasValue := strings.Cut(p, "=")
		switch upper := strings.ToUpper(strings.TrimSpace(k)); {
		case !hasValue && bareEncodings[upper]:
			encoding = upper
		case !hasValue:
			params = append(params, "TYPE="+p)
		case upper == "ENCODING" && (strings.EqualFold(val, "QUOTED-PRINTABLE") || strings.EqualFold(val, "8BIT") || strings.EqualFold(val, "7BIT")):
			encoding = strings.ToUpper(val)
		case upper == "CHARSET":
			charset = strings.Trim(val, `"`)
		default:
			params = append(params, p)
		}
	}
	if encoding == "BASE64" || encoding == "B" {
		params = append(params, "ENCODING=b")
	}
	if encoding == "QUOTED-PRINTABLE" || charset != "" {
		raw := []byte(value)
		if encoding == "QUOTED-PRINTABLE" {
			if decoded, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(value))); err == nil {
				raw = decoded
			}
		}
		if charset != "" && !strings.EqualFold(charset, "utf-8") {
			if enc, err := htmlindex.Get(charset); err == nil {
				if converted, err := enc.NewDecoder().Bytes(raw); err == nil {
					raw = converted
				}
			}
		}
		// Version 2.1 does not escape values: keep backslashes and line
		// breaks as they are through go-vcard's unescaping.
		value = strings.NewReplacer(`\`, `\\`, "\r\n", `\n`, "\n", `\n`).Replace(string(raw))
	}
	return strings.Join(append([]string{parts[0]}, params...), ";") + ":" + value
}

// cutOutsideQuotes cuts s at the first sep that is not inside double
// quotes.
func cutOutsideQuotes(s string, sep byte) (before, after string, found bool) {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			quoted = !quoted
		case s[i] == sep && !quoted:
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

func splitOutsideQuotes(s string, sep byte) []string {
	var out []string
	for {
		before, after, found := cutOutsideQuotes(s, sep)
		out = append(out, before)
		if !found {
			return out
		}
		s = after
	}
}

// contact reads one card's lines into a contact, or says why it cannot.
func (v *VCards) contact(lines []string) (*faces.Contact, string) {
	var text strings.Builder
	text.WriteString("BEGIN:VCARD\r\n")
	for _, l := range lines {
		text.WriteString(normalize(l))
		text.WriteString("\r\n")
	}
	text.WriteString("END:VCARD\r\n")
	card, err := vcard.NewDecoder(strings.NewReader(text.String())).Decode()
	if err != nil {
		return nil, "The card could not be read: " + err.Error() + "."
	}
	if kind := strings.ToLower(card.Value(vcard.FieldKind)); kind != "" && kind != string(vcard.KindIndividual) {
		what := map[string]string{"org": "an organization", "group": "a group", "location": "a place"}[kind]
		if what == "" {
			what = "a " + kind
		}
		return &faces.Contact{NotAPerson: fmt.Sprintf("The card is of %s (KIND:%s), not a person; not imported.", what, kind)}, ""
	}
	version := card.Value(vcard.FieldVersion)
	if version == "" {
		version = "unknown"
	}
	v.Versions[version]++
	c := &faces.Contact{}
	for name, fields := range card {
		if !v.read(c, name, fields) {
			v.notRead[name]++
		}
	}
	if c.Name == "" {
		c.Name = nameOf(card.Name())
	}
	if c.Name == "" {
		return nil, "The card has no name (FN or N)."
	}
	c.Emails, c.Phones, c.Links, c.Tags = dedupe(c.Emails, true), dedupe(c.Phones, false), dedupe(c.Links, false), dedupe(c.Tags, true)
	c.Addresses = dedupe(c.Addresses, false)
	return c, ""
}

// read puts a property's values in the contact; it tells whether it did.
func (v *VCards) read(c *faces.Contact, name string, fields []*vcard.Field) bool {
	values := func() []string {
		var out []string
		for _, f := range fields {
			if s := strings.TrimSpace(f.Value); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	switch name {
	case vcard.FieldVersion, "PRODID", vcard.FieldRevision, vcard.FieldName, vcard.FieldKind, "X-ABUID", "SORT-STRING":
		// N is read when there is no FN; the others say nothing of the person.
	case vcard.FieldFormattedName:
		if vs := values(); len(vs) > 0 {
			c.Name = unescape(vs[0])
		}
	case vcard.FieldEmail:
		for _, s := range values() {
			c.Emails = append(c.Emails, strings.TrimPrefix(strings.TrimPrefix(s, "mailto:"), "MAILTO:"))
		}
	case vcard.FieldTelephone:
		for _, s := range values() {
			c.Phones = append(c.Phones, strings.TrimPrefix(s, "tel:"))
		}
	case vcard.FieldURL:
		for _, s := range values() {
			c.Links = append(c.Links, withScheme(unescape(s)))
		}
	case vcard.FieldAddress:
		for _, f := range fields {
			if a := addressLine(f); a != "" {
				c.Addresses = append(c.Addresses, a)
			}
		}
	case vcard.FieldCategories:
		for _, s := range values() {
			c.Tags = append(c.Tags, splitTags(unescape(s))...)
		}
	case vcard.FieldNote:
		for _, s := range values() {
			if c.Notes != "" {
				c.Notes += "\n\n"
			}
			c.Notes += unescape(s)
		}
	case vcard.FieldOrganization:
		if vs := values(); len(vs) > 0 {
			units := components(vs[0])
			c.Company = units[0]
			c.Division = strings.Join(slices.DeleteFunc(units[1:], func(s string) bool { return s == "" }), ", ")
		}
	case vcard.FieldTitle:
		if vs := values(); len(vs) > 0 {
			c.Title = unescape(vs[0])
		}
	case vcard.FieldRole:
		if vs := values(); len(vs) > 0 && c.Title == "" {
			c.Title = unescape(vs[0])
		}
	case "PRONOUNS":
		if vs := values(); len(vs) > 0 {
			c.Pronouns = unescape(vs[0])
		}
	case vcard.FieldUID:
		if vs := values(); len(vs) > 0 {
			c.UID = vs[0]
		}
	case vcard.FieldPhoto:
		c.Photo = photoOf(fields[0])
	case vcard.FieldRelated:
		read := false
		for _, f := range fields {
			if r, ok := relationOf(f); ok {
				c.Related, read = append(c.Related, r), true
			}
		}
		return read
	case PropPosition:
		for _, f := range fields {
			var pos exportedPosition
			if json.Unmarshal([]byte(f.Value), &pos) == nil {
				if p, ok := pos.position(); ok {
					c.History = append(c.History, p)
				}
			}
		}
	case PropStory:
		var st exportedStory
		if json.Unmarshal([]byte(fields[0].Value), &st) == nil {
			c.Story = st.story()
		}
	default:
		return false
	}
	return true
}

// nameOf makes a name of N's parts: "Dr. Jill A. Okafor".
func nameOf(n *vcard.Name) string {
	if n == nil {
		return ""
	}
	return strings.Join(strings.Fields(strings.Join([]string{n.HonorificPrefix, n.GivenName, n.AdditionalName, n.FamilyName, n.HonorificSuffix}, " ")), " ")
}

// addressLine writes an ADR on one line: its label when it has one (4.0),
// else its parts, street first.
func addressLine(f *vcard.Field) string {
	if label := f.Params.Get("LABEL"); label != "" {
		return oneLine(label)
	}
	parts := components(f.Value)
	for len(parts) < 7 {
		parts = append(parts, "")
	}
	// PO box; extended; street; locality; region; postal code; country.
	order := []string{parts[2], parts[1], parts[0], parts[3], strings.TrimSpace(parts[4] + " " + parts[5]), parts[6]}
	return oneLine(strings.Join(slices.DeleteFunc(order, func(s string) bool { return strings.TrimSpace(s) == "" }), ", "))
}

// oneLine joins a multi-line text with commas.
func oneLine(s string) string {
	var parts []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, ", ")
}

// components splits a structured value (N, ADR, ORG) on its unescaped
// semicolons and unescapes each part.
func components(v string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(v); i++ {
		switch {
		case v[i] == '\\' && i+1 < len(v):
			cur.WriteByte('\\')
			cur.WriteByte(v[i+1])
			i++
		case v[i] == ';':
			out = append(out, strings.TrimSpace(unescape(cur.String())))
			cur.Reset()
		default:
			cur.WriteByte(v[i])
		}
	}
	return append(out, strings.TrimSpace(unescape(cur.String())))
}

// unescape undoes the escapes go-vcard leaves: "\;" (and "\:", which some
// writers use).
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	return strings.NewReplacer(`\;`, ";", `\:`, ":", `\N`, "\n").Replace(s)
}

// photoOf reads a PHOTO: inline data (4.0's data: URI, or 2.1 and 3.0's
// base64) or a web address to fetch it from.
func photoOf(f *vcard.Field) faces.ContactPhoto {
	v := strings.TrimSpace(f.Value)
	encoding := strings.ToUpper(f.Params.Get("ENCODING"))
	switch {
	case strings.HasPrefix(strings.ToLower(v), "data:"):
		meta, data, ok := strings.Cut(v[len("data:"):], ",")
		if !ok || !strings.HasSuffix(strings.ToLower(meta), ";base64") {
			return faces.ContactPhoto{Problem: "The photo is a data: address that is not base64."}
		}
		return inlinePhoto(data)
	case encoding == "B" || encoding == "BASE64":
		return inlinePhoto(v)
	case strings.HasPrefix(strings.ToLower(v), "http://") || strings.HasPrefix(strings.ToLower(v), "https://"):
		return faces.ContactPhoto{URL: v}
	}
	return faces.ContactPhoto{Problem: "The photo is neither inline data nor a web address."}
}

func inlinePhoto(data string) faces.ContactPhoto {
	data = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, data)
	b, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(data, "="))
	}
	if err != nil {
		return faces.ContactPhoto{Problem: "The photo's base64 data is damaged."}
	}
	return faces.ContactPhoto{Data: b}
}

// workTypes are the RELATED types that are relationships at work; the
// others (spouse, child, friend…) are not Faces' to keep.
var workTypes = map[string]bool{vcard.TypeCoWorker: true, vcard.TypeColleague: true, vcard.TypeContact: true,
	vcard.TypeAcquaintance: true, vcard.TypeMet: true, vcard.TypeAgent: true}

// relationOf reads a RELATED property: Faces' own kind when it wrote
// the card, else "works with" for the types that are about work.
func relationOf(f *vcard.Field) (faces.ContactRelation, bool) {
	to := strings.TrimSpace(unescape(f.Value))
	if to == "" {
		return faces.ContactRelation{}, false
	}
	if kind := faces.RelationshipKind(f.Params.Get(ParamKind)); kind != "" && kind.Wording(false) != string(kind) {
		return faces.ContactRelation{Kind: kind, To: to}, true
	}
	for _, t := range f.Params.Types() {
		if workTypes[strings.ToLower(t)] {
			return faces.ContactRelation{Kind: faces.WorksWith, To: to}, true
		}
	}
	return faces.ContactRelation{}, false
}

// Describe names the file's format for a report, once it is read: "vCard
// 3.0 and 4.0, UTF-8".
func (v *VCards) Describe() string {
	versions := slices.Sorted(func(yield func(string) bool) {
		for k := range v.Versions {
			if !yield(k) {
				return
			}
		}
	})
	if len(versions) == 0 {
		return "vCard, " + v.Encoding
	}
	list := versions[0]
	if n := len(versions); n > 1 {
		list = strings.Join(versions[:n-1], ", ") + " and " + versions[n-1]
	}
	return "vCard " + list + ", " + v.Encoding
}
