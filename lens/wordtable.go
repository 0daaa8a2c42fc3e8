package lens

// wordTable is a read-only hash table from words to their classes. It does
// the lexicon's one job faster than a Go map: most words of a text are in
// no list, and an open-addressed table kept a quarter full answers "no"
// after one probe, with a hash cheap enough for words of a few bytes.
type wordTable struct {
	mask  uint64
	slots []wordSlot
}

// wordSlot holds a word's classes as a common word (cls) and as a
// capitalized name (nameCls, the first and last names and name words):
// one probe answers both.
type wordSlot struct {
	key     string
	cls     class
	nameCls class
}

func newWordTable(words, names map[string]class) *wordTable {
	size := uint64(16)
	for size < uint64(4*(len(words)+len(names))) {
		size <<= 1
	}
	t := &wordTable{mask: size - 1, slots: make([]wordSlot, size)}
	slot := func(w string) *wordSlot {
		i := hashWord(w) & t.mask
		for t.slots[i].key != "" && t.slots[i].key != w {
			i = (i + 1) & t.mask
		}
		t.slots[i].key = w
		return &t.slots[i]
	}
	for w, c := range words {
		slot(w).cls |= c
	}
	for w, c := range names {
		slot(w).nameCls |= c
	}
	return t
}

// none is the slot of a word in no list.
var none wordSlot

// getHashed returns the slot of w, whose hashWord is h (none when w is in
// no list). The caller hashes the word once for every look-up.
func (t *wordTable) getHashed(w string, h uint64) *wordSlot {
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.key == w {
			return s
		}
		if s.key == "" {
			return &none
		}
	}
}

// hashWord is 64-bit FNV-1a over the word's bytes: the hash the learned
// model's word features start from too (features.go), so a word is hashed
// once for both.
func hashWord(w string) uint64 { return hashString(fnvOffset, w) }

var lexiconTable *wordTable

// init builds the table once every list has been registered.
// The maps the lists were registered in are let go: every look-up goes to
// the table.
func init() {
	lexiconTable = newWordTable(lexicon, names)
	lexicon, names = nil, nil
}
