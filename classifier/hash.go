package classifier

// Features are hashed into a fixed number of buckets (the "hashing trick"), so a model needs no
// vocabulary and a feature costs no allocation. FNV-1a is used because it is simple, fast on
// short strings and stable across Go versions: the shipped weights depend on it.

const (
	fnvOffset uint32 = 2166136261
	fnvPrime  uint32 = 16777619
)

// hasher builds the hash of a feature name from several parts without concatenating them.
type hasher uint32

func newHasher(prefix string) hasher { return hasher(fnvOffset).add(prefix) }

func (h hasher) add(s string) hasher {
	x := uint32(h)
	for i := 0; i < len(s); i++ {
		x ^= uint32(s[i])
		x *= fnvPrime
	}
	return hasher(x)
}

func (h hasher) addByte(b byte) hasher {
	return hasher((uint32(h) ^ uint32(b)) * fnvPrime)
}

// sep adds a separator so that ("ab","c") and ("a","bc") hash differently.
func (h hasher) sep() hasher { return h.addByte(0x1f) }
