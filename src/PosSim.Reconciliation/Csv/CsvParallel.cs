using System.Runtime.ExceptionServices;

namespace PosSim.Reconciliation.Csv;

/// <summary>Runs a per-chunk parser over the chunks of a file on all cores.</summary>
internal static class CsvParallel
{
    /// <summary>
    /// Parses every chunk with its own state. If chunks fail, the failure of the first failing chunk in
    /// file order is thrown: every chunk before it parsed cleanly and so ended on a true record boundary,
    /// which means the failing chunk was read from a true boundary and its first error is the file's first.
    /// </summary>
    public static TState[] Run<TState>(CsvFile file, Func<CsvChunk, TState> create, Action<TState, CsvChunkReader> parse)
    {
        var chunks = file.Chunks;
        var states = new TState[chunks.Count];
        var errors = new Exception?[chunks.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, chunks.Count, options, i =>
        {
            try
            {
                var chunk = chunks[i];
                var state = create(chunk);
                states[i] = state;
                var reader = new CsvChunkReader(file, chunk.Start, chunk.End, chunk.FirstLine, file.Header.Length);
                parse(state, reader);
            }
            catch (Exception e)
            {
                errors[i] = e;
            }
        });

        foreach (var error in errors)
        {
            if (error is not null)
            {
                ExceptionDispatchInfo.Throw(error);
            }
        }

        return states;
    }
}
