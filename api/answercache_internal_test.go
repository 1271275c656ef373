package api

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"testing"
)

// The kept encodings stay within maxEncodedBytes however many answers pass
// (a day's availability changes with every booking), dropping the oldest;
// and an answer assembled from parts, some taken from an earlier answer, is
// one gzip member any reader decodes to the plain answer.
func TestEncodedAnswersAreBoundedByBytesAndDecode(t *testing.T) {
	var e encodedAnswers
	big := bytes.Repeat([]byte(`{"id":"x","free":[]},`), 50_000) // 1 MB
	var last *encodedAnswer
	for i := range 40 {
		a, err := e.get(fmt.Sprint(i), fmt.Sprint(i-1), func(base []encodedPart) ([][]byte, error) {
			if base == nil {
				return [][]byte{[]byte(`{"n":`), []byte(fmt.Sprint(i)), big, []byte(`}`)}, nil
			}
			return [][]byte{nil, []byte(fmt.Sprint(i)), nil, nil}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		last = a
	}
	if e.bytes > maxEncodedBytes || len(e.m) != len(e.order) || e.kept("39") != last || e.kept("0") != nil {
		t.Fatalf("%d bytes kept in %d answers (at most %d bytes; the newest kept, the oldest gone)", e.bytes, len(e.m), maxEncodedBytes)
	}
	zr, err := gzip.NewReader(bytes.NewReader(last.gzipped))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(got, last.plain) || !bytes.HasPrefix(got, []byte(`{"n":39{"id"`)) {
		t.Fatalf("the gzipped answer does not decode to the plain one: %v, %d bytes", err, len(got))
	}
}
