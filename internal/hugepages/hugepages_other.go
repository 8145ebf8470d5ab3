//go:build !linux

package hugepages

func mode() string { return "" }
