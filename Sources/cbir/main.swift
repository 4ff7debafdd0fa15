// Placeholder entry point until the commands land.
print("cbir: commands not yet available")
