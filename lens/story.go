package lens

import (
	"strings"
	"unicode"
)

// praise are words a story uses when it sells our product instead of
// telling the customer's own story.
var praise = map[string]bool{"love": true, "loves": true, "loved": true, "great": true, "amazing": true, "best": true,
	"fantastic": true, "excellent": true, "awesome": true, "wonderful": true, "incredible": true, "delighted": true,
	"revolutionized": true, "revolutionised": true, "transformed": true, "seamless": true, "seamlessly": true,
	"powerful": true, "game-changer": true, "recommend": true, "recommends": true, "thanks": true}

// AboutUs reads a customer's story and returns the sentences that make it
// a story about us instead: those that praise our product (praise that
// names one of ours, or praise of "us" with no customer in the sentence:
// "our team loves working with her" praises her), and — when
// they are at least half of the sentences that speak of either side —
// those that speak only of us ("we", "our team", or one of ours: the
// organization's own name and its products' names). None: the story is
// about the customer.
func AboutUs(text string, ours []string) []string {
	reader := customerText
	reader.Ours = ours // our names are never the customer's
	doc := reader.AnalyzeBytes([]byte(text))
	var praising, usOnly []string
	customers := 0
	for _, s := range doc.Sentences {
		sentence := strings.TrimSpace(text[s.Start:s.End])
		words := wordsOf(sentence)
		named := namesOurs(words, ours)
		switch {
		case praises(words) && (named || s.Us && s.Levels == 0):
			praising = append(praising, sentence)
		case s.Levels != 0:
			customers++
		case named || s.Us:
			usOnly = append(usOnly, sentence)
		}
	}
	if len(usOnly) > 0 && 2*len(usOnly) >= len(usOnly)+len(praising)+customers {
		return append(praising, usOnly...)
	}
	return praising
}

// wordsOf lower-cases a sentence into its words (a hyphen stays inside a
// word).
func wordsOf(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\''
	})
}

func praises(words []string) bool {
	for _, w := range words {
		if praise[strings.TrimSuffix(w, "'s")] {
			return true
		}
	}
	return false
}

// namesOurs tells whether the words hold one of our names, whole (a name
// of several words as consecutive words).
func namesOurs(words, ours []string) bool {
	for _, name := range ours {
		n := wordsOf(name)
		if len(n) == 0 {
			continue
		}
		for i := 0; i+len(n) <= len(words); i++ {
			match := true
			for j := range n {
				match = match && strings.TrimSuffix(words[i+j], "'s") == n[j]
			}
			if match {
				return true
			}
		}
	}
	return false
}
