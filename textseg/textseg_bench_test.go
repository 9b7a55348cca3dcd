package textseg

import (
	"strings"
	"testing"
)

var sample = strings.Repeat("Client is a 45 y/o man seen again today. Claims he has been sober for two weeks but smelled of alcohol. I'm so sorry you're going through this — what's been hardest? ", 20)

func BenchmarkTokenize(b *testing.B) {
	b.SetBytes(int64(len(sample)))
	b.ReportAllocs()
	for b.Loop() {
		Tokenize(sample)
	}
}

func BenchmarkSplit(b *testing.B) {
	b.SetBytes(int64(len(sample)))
	b.ReportAllocs()
	for b.Loop() {
		Split(sample)
	}
}

func BenchmarkTokenizeReuse(b *testing.B) {
	b.SetBytes(int64(len(sample)))
	b.ReportAllocs()
	buf := make([]Token, 0, 1024)
	for b.Loop() {
		buf = TokenizeAppend(buf[:0], sample)
	}
}
