package lens

// wordTable is a read-only hash table from words to their classes. It does
// the lexicon's one job faster than a Go map: most words of a text are in
// no list, and an open-addressed table kept a quarter full answers "no"
// after one probe, with a hash cheap enough for words of a few bytes.
type wordTable struct {
	mask  uint64
	slots []wordSlot
}

type wordSlot struct {
	key string
	cls class
}

func newWordTable(words map[string]class) *wordTable {
	size := uint64(16)
	for size < uint64(4*len(words)) {
		size <<= 1
	}
	t := &wordTable{mask: size - 1, slots: make([]wordSlot, size)}
	for w, c := range words {
		i := hashWord(w) & t.mask
		for t.slots[i].key != "" {
			i = (i + 1) & t.mask
		}
		t.slots[i] = wordSlot{w, c}
	}
	return t
}

// getHashed returns the classes of w, whose hashWord is h, or 0 when w is
// in no list. The caller hashes the word once for every look-up.
func (t *wordTable) getHashed(w string, h uint64) class {
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.key == w {
			return s.cls
		}
		if s.key == "" {
			return 0
		}
	}
}

// hashWord is 64-bit FNV-1a over the word's bytes: the hash the learned
// model's word features start from too (features.go), so a word is hashed
// once for both.
func hashWord(w string) uint64 { return hashString(fnvOffset, w) }

var lexiconTable, namesTable *wordTable

// init builds the tables once every list has been registered.
func init() {
	lexiconTable = newWordTable(lexicon)
	namesTable = newWordTable(names)
}
