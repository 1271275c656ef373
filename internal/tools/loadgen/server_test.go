package main

import (
	"os"
	"strings"
	"testing"
)

func TestParseStatusReadsResidentMemory(t *testing.T) {
	status := "Name:\tkinmuchi\nVmPeak:\t 2000000 kB\nVmHWM:\t  348160 kB\nVmRSS:\t   51200 kB\nThreads:\t12\n"
	rss, hwm, err := parseStatus(strings.NewReader(status))
	if err != nil || rss != 50<<20 || hwm != 340<<20 {
		t.Fatalf("rss %d hwm %d err %v", rss, hwm, err)
	}
	if _, _, err := parseStatus(strings.NewReader("Name:\tkthreadd\n")); err == nil {
		t.Error("a kernel thread has no VmRSS: want an error")
	}
	if _, _, err := parseStatus(strings.NewReader("VmRSS:\t 12 MB\n")); err == nil {
		t.Error("a unit other than kB must not be misread")
	}
	// This process's own status, as the sampler reads the server's.
	if rss, _, err := memory(os.Getpid()); err != nil || rss < 1<<20 {
		t.Errorf("own RSS %d: %v", rss, err)
	}
}
