package transcript

import (
	"bytes"
	"fmt"
	"testing"
)

// tenMBTranscript builds a realistic plain transcript of about 10 MB, with
// continuation lines, times and URLs.
func tenMBTranscript() []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < 10<<20; i++ {
		fmt.Fprintf(&b, "Case Manager: How did the appointment at 10:30 go, %d? The form is at https://example.org/form/%d.\n", i, i)
		b.WriteString("Client: Honestly it was rough. They kept me waiting for an hour and then said\n")
		b.WriteString("my paperwork was missing, so I have to go back next week.\n\n")
	}
	return b.Bytes()
}

func BenchmarkParsePlain(b *testing.B) {
	data := tenMBTranscript()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(data), Options{Format: FormatPlain}); err != nil {
			b.Fatal(err)
		}
	}
}
