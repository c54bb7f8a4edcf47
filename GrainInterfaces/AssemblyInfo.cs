// Grain contracts of MusicRecs.Orleans.
