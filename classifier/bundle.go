package classifier

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// Bundle is the set of models the engine ships, with the feature version they were trained
// with and a note on how they were trained.
type Bundle struct {
	Version        int // BundleVersion when encoded
	FeatureVersion int // FeatureVersion of the extractor the models were trained with
	Models         map[string]*Model
	Trained        string // provenance: data, options, command, date
}

// BundleVersion is the version of the encoding Encode writes. Version 2 is version 1 without
// the gzip layer: inflating took most of the engine's start-up time, and the file is embedded,
// so a few megabytes more cost nothing at run time.
const BundleVersion = 2

const bundleMagic = "RPTB"

// Limits that keep DecodeBundle from being made to allocate without bound by a corrupt file.
const (
	maxBundleBytes = 256 << 20 // decompressed
	maxString      = 1 << 20
	maxModels      = 64
	maxLabels      = 64
	maxDim         = 1 << 22
	maxCells       = 1 << 22 // Dim × labels of one model: 16 MB of weights
	maxTotalCells  = 1 << 24 // of all the models together: 64 MB, four times the shipped models
)

// Encode writes the bundle in a compact binary form: for each model its labels,
// biases, family scales, and only the feature rows with a non-zero weight, as delta-coded
// indices with float32 weights. Models are written in name order, so encoding is deterministic.
func (b *Bundle) Encode(w io.Writer) error {
	bw := bufio.NewWriter(w)
	e := &encoder{w: bw}
	e.bytes([]byte(bundleMagic))
	e.uvarint(BundleVersion)
	e.uvarint(uint64(b.FeatureVersion))
	e.string(b.Trained)
	names := make([]string, 0, len(b.Models))
	for n := range b.Models {
		names = append(names, n)
	}
	slices.Sort(names)
	e.uvarint(uint64(len(names)))
	for _, n := range names {
		m := b.Models[n]
		if m == nil {
			return fmt.Errorf("bundle: model %q is nil", n)
		}
		if err := m.validate(); err != nil {
			return fmt.Errorf("bundle: %w", err)
		}
		e.string(n)
		e.model(m)
	}
	if e.err != nil {
		return e.err
	}
	return bw.Flush()
}

type encoder struct {
	w   *bufio.Writer
	err error
	buf [binary.MaxVarintLen64]byte
}

func (e *encoder) bytes(p []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(p)
	}
}

func (e *encoder) uvarint(v uint64) { e.bytes(e.buf[:binary.PutUvarint(e.buf[:], v)]) }

func (e *encoder) string(s string) {
	e.uvarint(uint64(len(s)))
	e.bytes([]byte(s))
}

func (e *encoder) float(f float32) {
	binary.LittleEndian.PutUint32(e.buf[:4], math.Float32bits(f))
	e.bytes(e.buf[:4])
}

func (e *encoder) model(m *Model) {
	k := len(m.Labels)
	e.string(m.Task)
	e.uvarint(uint64(k))
	for _, l := range m.Labels {
		e.string(l)
	}
	e.uvarint(uint64(m.Dim))
	for _, v := range m.Bias {
		e.float(v)
	}
	e.uvarint(uint64(len(m.Scales)))
	for _, v := range m.Scales {
		e.float(v)
	}
	rows := 0
	for i := 0; i < int(m.Dim); i++ {
		if nonZero(m.Weights[i*k : i*k+k]) {
			rows++
		}
	}
	e.uvarint(uint64(rows))
	prev := -1
	for i := 0; i < int(m.Dim); i++ {
		row := m.Weights[i*k : i*k+k]
		if !nonZero(row) {
			continue
		}
		e.uvarint(uint64(i - prev))
		prev = i
		for _, v := range row {
			e.float(v)
		}
	}
}

func nonZero(row []float32) bool {
	for _, v := range row {
		if v != 0 {
			return true
		}
	}
	return false
}

// DecodeBundle reads a bundle written by Encode. It refuses a bundle whose feature version is
// not this build's, since its weights would be read against the wrong features, and checks every
// length and shape, so that a corrupt or hostile file gives an error rather than a panic.
func DecodeBundle(r io.Reader) (*Bundle, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	head, _ := br.Peek(2)
	src := io.Reader(br)
	if len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		// Version 1 files were gzip-compressed; they are still read.
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("bundle: bad gzip stream: %w", err)
		}
		src = zr
	}
	d := &decoder{r: bufio.NewReaderSize(io.LimitReader(src, maxBundleBytes), 1<<16)}
	b, err := d.bundle()
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	return b, nil
}

type decoder struct {
	r     *bufio.Reader
	buf   []byte // scratch for reading floats in bulk
	cells uint64 // weights allocated so far, across all models
}

var errTruncated = errors.New("truncated or corrupt data")

func (d *decoder) uvarint(limit uint64, what string) (uint64, error) {
	v, err := binary.ReadUvarint(d.r)
	if err != nil {
		return 0, fmt.Errorf("reading %s: %w", what, errTruncated)
	}
	if v > limit {
		return 0, fmt.Errorf("%s %d is over the limit of %d", what, v, limit)
	}
	return v, nil
}

func (d *decoder) string(what string) (string, error) {
	n, err := d.uvarint(maxString, what+" length")
	if err != nil {
		return "", err
	}
	p := make([]byte, n)
	if _, err := io.ReadFull(d.r, p); err != nil {
		return "", fmt.Errorf("reading %s: %w", what, errTruncated)
	}
	return string(p), nil
}

func (d *decoder) floats(dst []float32, what string) error {
	n := 4 * len(dst)
	if cap(d.buf) < n {
		d.buf = make([]byte, n)
	}
	buf := d.buf[:n]
	if _, err := io.ReadFull(d.r, buf); err != nil {
		return fmt.Errorf("reading %s: %w", what, errTruncated)
	}
	for i := range dst {
		v := math.Float32frombits(binary.LittleEndian.Uint32(buf[4*i:]))
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("%s is not a finite number", what)
		}
		dst[i] = v
	}
	return nil
}

func (d *decoder) bundle() (*Bundle, error) {
	magic := make([]byte, len(bundleMagic))
	if _, err := io.ReadFull(d.r, magic); err != nil || string(magic) != bundleMagic {
		return nil, errors.New("not a model bundle (bad magic)")
	}
	ver, err := d.uvarint(math.MaxInt32, "bundle version")
	if err != nil {
		return nil, err
	}
	if ver != BundleVersion && ver != 1 {
		return nil, fmt.Errorf("bundle format version %d is not supported (this build reads version %d)", ver, BundleVersion)
	}
	fv, err := d.uvarint(math.MaxInt32, "feature version")
	if err != nil {
		return nil, err
	}
	if fv != FeatureVersion {
		return nil, fmt.Errorf("models were trained with feature version %d but this build extracts version %d: retrain them (rapport train)", fv, FeatureVersion)
	}
	b := &Bundle{Version: int(ver), FeatureVersion: int(fv), Models: map[string]*Model{}}
	if b.Trained, err = d.string("provenance note"); err != nil {
		return nil, err
	}
	n, err := d.uvarint(maxModels, "model count")
	if err != nil {
		return nil, err
	}
	for i := uint64(0); i < n; i++ {
		name, err := d.string("model name")
		if err != nil {
			return nil, err
		}
		if _, dup := b.Models[name]; dup {
			return nil, fmt.Errorf("model %q appears twice", name)
		}
		m, err := d.model()
		if err != nil {
			return nil, fmt.Errorf("model %q: %w", name, err)
		}
		b.Models[name] = m
	}
	if _, err := d.r.ReadByte(); err != io.EOF {
		return nil, errors.New("trailing data after the last model")
	}
	return b, nil
}

func (d *decoder) model() (*Model, error) {
	m := &Model{}
	if err := d.labels(m); err != nil {
		return nil, err
	}
	if err := d.shape(m); err != nil {
		return nil, err
	}
	if err := d.weights(m); err != nil {
		return nil, err
	}
	if err := m.validate(); err != nil {
		return nil, err
	}
	return m, nil
}

// labels reads the model's task and its distinct labels.
func (d *decoder) labels(m *Model) error {
	var err error
	if m.Task, err = d.string("task"); err != nil {
		return err
	}
	k, err := d.uvarint(maxLabels, "label count")
	if err != nil {
		return err
	}
	if k < 2 {
		return fmt.Errorf("%d labels; a model needs at least two", k)
	}
	for range k {
		l, err := d.string("label")
		if err != nil {
			return err
		}
		if slices.Contains(m.Labels, l) {
			return fmt.Errorf("label %q appears twice", l)
		}
		m.Labels = append(m.Labels, l)
	}
	return nil
}

// shape reads the hashed dimension, the biases and the feature-family scales, and refuses a
// model too large to hold before any weight is allocated.
func (d *decoder) shape(m *Model) error {
	k := uint64(len(m.Labels))
	dim, err := d.uvarint(maxDim, "dimension")
	if err != nil {
		return err
	}
	if dim == 0 || dim&(dim-1) != 0 {
		return fmt.Errorf("dimension %d is not a power of two", dim)
	}
	if dim*k > maxCells {
		return fmt.Errorf("%d features × %d labels is over the limit of %d weights", dim, k, maxCells)
	}
	if d.cells += dim * k; d.cells > maxTotalCells {
		return fmt.Errorf("the models hold more than %d weights in all", maxTotalCells)
	}
	m.Dim = uint32(dim)
	m.Bias = make([]float32, k)
	if err := d.floats(m.Bias, "bias"); err != nil {
		return err
	}
	ns, err := d.uvarint(NumFamilies, "family scale count")
	if err != nil {
		return err
	}
	if ns != 0 && ns != NumFamilies {
		return fmt.Errorf("%d family scales, want %d", ns, NumFamilies)
	}
	if ns > 0 {
		m.Scales = make([]float32, ns)
		return d.floats(m.Scales, "family scale")
	}
	return nil
}

// weights reads the non-zero rows, each after the gap from the previous one.
func (d *decoder) weights(m *Model) error {
	dim, kk := uint64(m.Dim), len(m.Labels)
	rows, err := d.uvarint(dim, "row count")
	if err != nil {
		return err
	}
	// Rows go straight into the dense weights. Their size is bounded by maxCells whatever the
	// file claims; reading into a sparse list first, to spare a truncated file that cost, made
	// starting up three times slower.
	m.Weights = make([]float32, int(dim)*kk)
	at := -1
	for r := uint64(0); r < rows; r++ {
		delta, err := d.uvarint(dim, "row index")
		if err != nil {
			return err
		}
		next := at + int(delta) // delta ≤ dim, so no overflow
		if delta == 0 || next >= int(dim) {
			return errors.New("row indices are not increasing within the dimension")
		}
		at = next
		if err := d.floats(m.Weights[at*kk:(at+1)*kk], "weight"); err != nil {
			return err
		}
	}
	return nil
}
