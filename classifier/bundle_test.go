package classifier

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func smallBundle(t testing.TB) *Bundle {
	opt := DefaultOptions()
	opt.Dim, opt.L2 = 1<<10, 1
	opt.Scale = map[string]float64{"char": 0.5}
	m, err := Train("toy", synthetic(80, 9), opt)
	if err != nil {
		t.Fatal(err)
	}
	plain := &Model{Task: "tiny", Labels: []string{"a", "b", "c"}, Dim: 4,
		Weights: []float32{0, 0, 0, 1, -2, 0.5, 0, 0, 0, 0, 0, 3}, Bias: []float32{0.1, 0, -0.1}}
	return &Bundle{Version: BundleVersion, FeatureVersion: FeatureVersion, Trained: "unit test",
		Models: map[string]*Model{"toy": m, "tiny": plain}}
}

func encode(t testing.TB, b *Bundle) []byte {
	var buf bytes.Buffer
	if err := b.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestBundleRoundTrip(t *testing.T) {
	b := smallBundle(t)
	data := encode(t, b)
	got, err := DecodeBundle(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != BundleVersion || got.FeatureVersion != FeatureVersion || got.Trained != "unit test" || len(got.Models) != 2 {
		t.Fatalf("header: %+v", got)
	}
	for name, m := range b.Models {
		g := got.Models[name]
		if g == nil {
			t.Fatalf("model %q lost", name)
		}
		if g.Task != m.Task || g.Dim != m.Dim || !slices.Equal(g.Labels, m.Labels) ||
			!slices.Equal(g.Weights, m.Weights) || !slices.Equal(g.Bias, m.Bias) || !slices.Equal(g.Scales, m.Scales) {
			t.Errorf("model %q differs after the round trip", name)
		}
	}
	for _, text := range []string{"a mango, you know", "the bus was late"} {
		l1, p1 := b.Models["toy"].Predict(text, "")
		l2, p2 := got.Models["toy"].Predict(text, "")
		if l1 != l2 || !slices.Equal(p1, p2) {
			t.Errorf("%q: prediction changed after the round trip", text)
		}
	}
	if !bytes.Equal(data, encode(t, got)) {
		t.Error("encoding is not deterministic")
	}
}

func TestBundleIsSparse(t *testing.T) {
	m := &Model{Task: "x", Labels: []string{"a", "b"}, Dim: 1 << 20, Weights: make([]float32, 2<<20), Bias: []float32{0, 0}}
	m.Weights[12345] = 1
	data := encode(t, &Bundle{FeatureVersion: FeatureVersion, Models: map[string]*Model{"x": m}})
	if len(data) > 200 {
		t.Errorf("a model with one non-zero row encodes to %d bytes", len(data))
	}
}

// Models that claim many weights but hold none cost a few bytes each in the file, so the
// decoder caps what they may make it allocate, one by one and all together.
func TestDecodeBundleLimitsWeights(t *testing.T) {
	empty := func(dim uint32) *Model {
		return &Model{Task: "x", Labels: []string{"a", "b", "c", "d"}, Dim: dim, Weights: make([]float32, 4*int(dim)), Bias: make([]float32, 4)}
	}
	b := &Bundle{FeatureVersion: FeatureVersion, Models: map[string]*Model{}}
	for i := range 4 {
		b.Models[fmt.Sprint(i)] = empty(maxCells / 4)
	}
	if _, err := DecodeBundle(bytes.NewReader(encode(t, b))); err != nil {
		t.Fatalf("four models at the per-model limit: %v", err)
	}
	b.Models["4"] = empty(maxCells / 4)
	if _, err := DecodeBundle(bytes.NewReader(encode(t, b))); err == nil || !strings.Contains(err.Error(), "in all") {
		t.Errorf("five models at the limit: %v", err)
	}
	one := &Bundle{FeatureVersion: FeatureVersion, Models: map[string]*Model{"x": empty(maxCells / 2)}}
	if _, err := DecodeBundle(bytes.NewReader(encode(t, one))); err == nil || !strings.Contains(err.Error(), "over the limit") {
		t.Errorf("one model over the limit: %v", err)
	}
}

func TestDecodeBundleRefusesOtherFeatureVersion(t *testing.T) {
	b := smallBundle(t)
	b.FeatureVersion = FeatureVersion + 1
	_, err := DecodeBundle(bytes.NewReader(encode(t, b)))
	if err == nil || !strings.Contains(err.Error(), "feature version") || !strings.Contains(err.Error(), "retrain") {
		t.Errorf("wrong feature version: %v", err)
	}
}

func TestEncodeRefusesBadModel(t *testing.T) {
	bad := &Bundle{FeatureVersion: FeatureVersion, Models: map[string]*Model{
		"x": {Task: "x", Labels: []string{"a", "b"}, Dim: 4, Weights: make([]float32, 3), Bias: make([]float32, 2)}}}
	if err := bad.Encode(&bytes.Buffer{}); err == nil {
		t.Error("shape mismatch encoded")
	}
	if err := (&Bundle{Models: map[string]*Model{"x": nil}}).Encode(&bytes.Buffer{}); err == nil {
		t.Error("nil model encoded")
	}
}

func gz(p []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(p)
	w.Close()
	return buf.Bytes()
}

func TestDecodeBundleCorrupt(t *testing.T) {
	inner := encode(t, smallBundle(t))
	// A gzip-wrapped file (the version 1 layout) is still read.
	if _, err := DecodeBundle(bytes.NewReader(gz(inner))); err != nil {
		t.Fatalf("gzip-wrapped bundle: %v", err)
	}
	// Every truncation of the payload is an error, never a panic, raw or wrapped.
	for n := 0; n < len(inner); n += 1 + n/50 {
		if _, err := DecodeBundle(bytes.NewReader(inner[:n])); err == nil {
			t.Fatalf("truncated at %d of %d: no error", n, len(inner))
		}
		if _, err := DecodeBundle(bytes.NewReader(gz(inner[:n]))); err == nil {
			t.Fatalf("gzip, truncated at %d of %d: no error", n, len(inner))
		}
	}
	// So is flipping any byte of the header region, or trailing junk.
	for i := 0; i < 64 && i < len(inner); i++ {
		bad := slices.Clone(inner)
		bad[i] ^= 0xff
		DecodeBundle(bytes.NewReader(bad))
	}
	if _, err := DecodeBundle(bytes.NewReader(append(slices.Clone(inner), 0))); err == nil {
		t.Error("trailing data accepted")
	}
	for name, in := range map[string][]byte{"empty": nil, "not a bundle": []byte("hello"), "bad magic": gz([]byte("XXXX\x01\x02"))} {
		if _, err := DecodeBundle(bytes.NewReader(in)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func FuzzDecodeBundle(f *testing.F) {
	data := encode(f, smallBundle(f))
	f.Add(data)
	f.Add(gz(data))
	f.Add(data[:len(data)/2])
	f.Add(gz([]byte(bundleMagic + "\x01\x02\x00\x01\x01x\x01x\x02\x01a\x01b\x04")))
	f.Fuzz(func(t *testing.T, in []byte) {
		b, err := DecodeBundle(bytes.NewReader(in))
		if err != nil {
			return
		}
		for _, m := range b.Models {
			if err := m.validate(); err != nil {
				t.Fatalf("decoded an invalid model: %v", err)
			}
			m.Predict("so what do you think?", "I don't know.")
		}
		if err := b.Encode(&bytes.Buffer{}); err != nil {
			t.Fatalf("re-encoding a decoded bundle: %v", err)
		}
	})
}
