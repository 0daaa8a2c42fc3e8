package lens

import "strings"

// wordMemo remembers, for each word a reader has met, what classifying it
// found and the model's weights for it as a word feature. A text repeats
// its words (half of the 17,720 words of the dev corpus are its 92 most
// frequent, of 2,998), so most words then cost one probe of a table instead
// of a look-up in the lexicon, a stem, often a second look-up, and a
// look-up in the model's weights. The results are the same as without it,
// in the same order: the memo only saves recomputing them.
type wordMemo struct {
	slots []memoSlot
	n     int
	model *Model // whose weights wordW holds
}

// memoSlot is what a word (as lower-cased, and whether it was capitalized,
// which adds its name classes) was found to be.
type memoSlot struct {
	lower    string // "" marks an empty slot
	hash     uint64 // hashWord(lower)
	cap      bool
	cls      class
	stemCls  class
	plural   bool
	base     string
	baseHash uint64
	wordW    *[numLevels]float32 // the model's weights of the word feature, nil if none
}

const (
	memoFirstSize = 1 << 10
	// memoMaxSize bounds a reader's memo (65,536 slots of 88 bytes, about
	// 6 MB): once it is half full it starts again, so that a reader that
	// meets an unbounded vocabulary keeps the words of what it reads now.
	memoMaxSize = 1 << 16
)

// classify sets t's classes, stem and word-feature weights, from the memo
// when t's word has been met before.
func (m *wordMemo) classify(t *token, model *Model) {
	if m.model != model {
		m.reset(model)
	}
	if m.slots == nil {
		m.slots = make([]memoSlot, memoFirstSize)
	}
	mask := uint64(len(m.slots) - 1)
	i := memoIndex(t.hash, t.cap) & mask
	for ; m.slots[i].lower != ""; i = (i + 1) & mask {
		s := &m.slots[i]
		if s.hash == t.hash && s.cap == t.cap && s.lower == t.lower {
			t.cls, t.stemCls, t.plural = s.cls, s.stemCls, s.plural
			t.base, t.baseHash, t.wordW = s.base, s.baseHash, s.wordW
			return
		}
	}
	t.classify()
	if model != nil {
		t.wordW = model.table.get(mix(fWord, t.baseHash))
	}
	m.remember(t, i)
}

// remember stores what t was found to be in the empty slot i.
func (m *wordMemo) remember(t *token, i uint64) {
	if (m.n+1)*2 > len(m.slots) {
		if len(m.slots) >= memoMaxSize {
			m.reset(m.model)
			m.slots = make([]memoSlot, memoFirstSize)
		} else {
			m.grow()
		}
		mask := uint64(len(m.slots) - 1)
		for i = memoIndex(t.hash, t.cap) & mask; m.slots[i].lower != ""; i = (i + 1) & mask {
		}
	}
	// t's strings may point into the paragraph's buffers, which the next
	// paragraph overwrites: the memo keeps its own copies.
	lower := strings.Clone(t.lower)
	base := lower
	if t.base != t.lower {
		base = strings.Clone(t.base)
	}
	m.slots[i] = memoSlot{lower: lower, hash: t.hash, cap: t.cap, cls: t.cls, stemCls: t.stemCls,
		plural: t.plural, base: base, baseHash: t.baseHash, wordW: t.wordW}
	m.n++
}

func (m *wordMemo) grow() {
	old := m.slots
	m.slots = make([]memoSlot, 2*len(old))
	mask := uint64(len(m.slots) - 1)
	for _, s := range old {
		if s.lower == "" {
			continue
		}
		i := memoIndex(s.hash, s.cap) & mask
		for m.slots[i].lower != "" {
			i = (i + 1) & mask
		}
		m.slots[i] = s
	}
}

// reset forgets every word, for a reader now reading with model.
func (m *wordMemo) reset(model *Model) {
	*m = wordMemo{model: model}
}

// memoIndex places a word in the memo; the capitalized word has its own
// slot, as its classes differ.
func memoIndex(h uint64, capitalized bool) uint64 {
	if capitalized {
		h ^= 0x9e3779b97f4a7c15
	}
	return h ^ h>>29
}
