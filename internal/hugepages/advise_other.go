//go:build !(linux && (amd64 || arm64))

package hugepages

func eligible() bool { return false }

func advise(int) int { return 0 }
