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

// Read is a text as a page shows it through the lens: its references by
// level, and the text cut at them.
type Read struct {
	Counts   Counts
	Segments []Segment
}

// ReadText analyzes a short text for a page.
func ReadText(text string) Read {
	doc := AnalyzeString(text)
	return Read{Counts: doc.Counts, Segments: Segments(text, doc.Mentions)}
}
