using MusicRecs.Grains.Factorization;

namespace MusicRecs.Grains.Data;

/// <summary>Loads listening-data files into a <see cref="Dataset"/> of summed play counts.</summary>
public static class DatasetLoader
{
    private const int ProgressEvery = 1 << 16;

    // When refusing a file every problem matters; when skipping, a sample shows what was lost.
    private const int KeptWhenStrict = 10_000;
    private const int KeptWhenSkipping = 20;

    public static LoadResult Load(string path, DatasetLoadOptions options, IProgress<long>? rowsRead = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var users = new IdIndex();
        var artists = new IdIndex();
        var file = ReadFile(path, options, users, artists, rowsRead, 0);
        var plays = CsrMatrix.FromTriples(users.Count, artists.Count, file.Triples.Rows, file.Triples.Columns, file.Triples.Values);
        var names = NamesOfIndexed(artists, file.ArtistNames);
        return new LoadResult(new Dataset(users, artists, plays, names), file.Rows, file.BadRows.Count, file.BadRows.Kept);
    }

    /// <summary>
    /// Loads a train and a test file over the same user and artist indexes, so test rows can be
    /// scored against the trained model. Users and artists seen only in test get indexes too and
    /// are empty in train; both matrices have the same shape.
    /// </summary>
    public static (Dataset Train, CsrMatrix Test, long TrainRows, long TestRows, long BadRows, IReadOnlyList<BadRow> FirstBadRows) LoadPair(
        string trainPath, string testPath, DatasetLoadOptions options, IProgress<long>? rowsRead = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(testPath))
        {
            throw new FileNotFoundException($"Data file not found: {testPath}", testPath);
        }

        var users = new IdIndex();
        var artists = new IdIndex();
        var train = ReadFile(trainPath, options, users, artists, rowsRead, 0);
        var test = ReadFile(testPath, options, users, artists, rowsRead, train.Rows);

        var trainPlays = CsrMatrix.FromTriples(users.Count, artists.Count, train.Triples.Rows, train.Triples.Columns, train.Triples.Values);
        var testPlays = CsrMatrix.FromTriples(users.Count, artists.Count, test.Triples.Rows, test.Triples.Columns, test.Triples.Values);
        var names = NamesOfIndexed(artists, train.ArtistNames);
        foreach (var (id, name) in NamesOfIndexed(artists, test.ArtistNames))
        {
            names.TryAdd(id, name);
        }

        var badRows = train.BadRows.Kept.Concat(test.BadRows.Kept).ToArray();
        return (new Dataset(users, artists, trainPlays, names), testPlays, train.Rows, test.Rows, train.BadRows.Count + test.BadRows.Count, badRows);
    }

    /// <summary>The reader for a file in the given format (<see cref="DatasetFormat.Auto"/> detects it).</summary>
    public static IPlayRowReader CreateReader(string path, DatasetLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var format = options.Format == DatasetFormat.Auto ? FormatDetector.Detect(path) : options.Format;
        return format switch
        {
            DatasetFormat.HetRec => new HetRecReader(path, options.ArtistsFile),
            DatasetFormat.LastFm360k => new LastFm360kReader(path),
            DatasetFormat.Delimited => new DelimitedReader(path),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Format, "Unknown dataset format."),
        };
    }

    private static FileRows ReadFile(string path, DatasetLoadOptions options, IdIndex users, IdIndex artists, IProgress<long>? rowsRead, long rowsBefore)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Data file not found: {path}", path);
        }

        var reader = CreateReader(path, options);
        var badRows = new BadRowLog(path, options.SkipBadLines ? KeptWhenSkipping : KeptWhenStrict);
        var triples = new TripleBuffer();
        long rows = 0;
        foreach (var row in reader.Read(badRows))
        {
            triples.Add(users.GetOrAdd(row.User), artists.GetOrAdd(row.Artist), (float)row.Count);
            if (++rows % ProgressEvery == 0)
            {
                rowsRead?.Report(rowsBefore + rows);
            }
        }

        if (badRows.Count > 0 && !options.SkipBadLines)
        {
            throw badRows.ToException();
        }

        rowsRead?.Report(rowsBefore + rows);
        var names = reader.ArtistNames;
        if (options.ArtistsFile is not null && reader is not HetRecReader)
        {
            var fromFile = ArtistNamesFile.Read(options.ArtistsFile);
            foreach (var (id, name) in names)
            {
                fromFile.TryAdd(id, name);
            }

            names = fromFile;
        }

        return new FileRows(triples, rows, badRows, names);
    }

    private static Dictionary<string, string> NamesOfIndexed(IdIndex artists, IReadOnlyDictionary<string, string> names)
    {
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, name) in names)
        {
            if (artists.TryGet(id, out _))
            {
                kept.TryAdd(id, name);
            }
        }

        return kept;
    }
}
