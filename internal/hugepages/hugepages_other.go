//go:build !linux

package hugepages

func mode() string { return "" }

func advise(int) bool { return false }
