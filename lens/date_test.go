package lens

import (
	"testing"
	"time"
)

func TestDocumentDate(t *testing.T) {
	tests := []struct {
		name   string
		format Format
		head   string
		want   string // 2006-01-02, or "" for none
		from   string
	}{
		{"yaml front matter", Markdown, "---\ntitle: Visiting customers\ndate: 2024-03-05\n---\n\nWe visit.", "2024-03-05", DateFromFrontMatter},
		{"quoted RFC 3339", Markdown, "---\ndate: \"2023-11-20T09:30:00Z\"\n---\nText", "2023-11-20", DateFromFrontMatter},
		{"toml front matter", Markdown, "+++\ntitle = \"x\"\ndate = 2022-07-01\n+++\nText", "2022-07-01", DateFromFrontMatter},
		{"published key", Markdown, "---\npublished: 2021-01-09\n---\n", "2021-01-09", DateFromFrontMatter},
		{"nested key is not the date", Markdown, "---\nauthor:\n  date: 2020-01-01\n---\nOn March 3, 2019 we met.", "2019-03-03", DateFromLine},
		{"html meta", HTML, `<html><head><meta property="article:published_time" content="2020-05-17T08:00:00+02:00"><title>x</title></head>`, "2020-05-17", DateFromMeta},
		{"html time tag", HTML, `<html><body><article><time datetime="2019-12-24">Christmas Eve</time>`, "2019-12-24", DateFromMeta},
		{"byline", PlainText, "The Faces Of Our Customers\n\nby David Brock on October 1st, 2017\n\nSome text.", "2017-10-01", DateFromLine},
		{"day month year", PlainText, "Notes\n12 March 2025\nWe met Jill.", "2025-03-12", DateFromLine},
		{"abbreviated month", PlainText, "Posted Sept. 9, 2018\n", "2018-09-09", DateFromLine},
		{"iso in a dateline", PlainText, "Meeting notes — 2026-02-14\n", "2026-02-14", DateFromLine},
		{"month and year alone", PlainText, "June 2016\n\nA story.", "2016-06-01", DateFromLine},
		{"a date deep in the text is not the document's", PlainText, "Title\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n\nOn May 1, 2020 we shipped.", "", ""},
		{"a long line's date is not a dateline", PlainText, "In a long paragraph that goes on and on about customers and what they said when we met them on May 1, 2020 at their plant, with many more words after it.", "", ""},
		{"no date", PlainText, "Customers want labels sooner.", "", ""},
		{"not a real day", PlainText, "February 31, 2020\n", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, from, ok := DocumentDate(tt.format, []byte(tt.head))
			got := ""
			if ok {
				got = d.Format(time.DateOnly)
			}
			if got != tt.want || from != tt.from {
				t.Errorf("got %q from %q, want %q from %q", got, from, tt.want, tt.from)
			}
		})
	}
}

func TestTrendGroupsAndOrdersPeriods(t *testing.T) {
	var tr Trend
	tr.Add("2024-02", AnalyzeString("We shipped a release."))
	tr.Add(Undated, AnalyzeString("Customers want labels."))
	tr.Add("2023-11", AnalyzeString("Jill Moss, CTO at Acme: “I love it.”"))
	tr.Add("2024-02", AnalyzeString("Our customers want speed. The SMB segment grows."))
	ps := tr.Periods()
	if len(ps) != 3 || ps[0].Name != "2023-11" || ps[1].Name != "2024-02" || ps[2].Name != Undated {
		t.Fatalf("periods %v", ps)
	}
	feb := ps[1].Corpus
	if feb.Documents != 2 || feb.CustomerFree != 1 || feb.DocumentsAt[Market] != 1 || feb.MostConcreteShare(Market) != 1 {
		t.Errorf("2024-02: %+v", feb)
	}
	if nov := ps[0].Corpus; nov.DocumentsAt[Person] != 1 {
		t.Errorf("2023-11: %+v", nov)
	}
}
