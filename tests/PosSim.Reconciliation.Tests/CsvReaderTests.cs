using System.Text;
using PosSim.Reconciliation.Csv;
using PosSim.Tests.Shared;

namespace PosSim.Reconciliation.Tests;

public class CsvReaderTests
{
    private static List<(long Line, string[] Fields)> ReadAll(string text, ReadOptions? options = null)
    {
        using var dir = new TempFolder("possim-recon-");
        var path = dir.Sub("f.csv");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(text));
        using var file = CsvFile.Open(path, "f.csv", options);
        var rows = CsvParallel.Run(file, _ => new List<(long, string[])>(), (list, r) =>
        {
            while (r.MoveNext())
            {
                list.Add((r.Line, Enumerable.Range(0, r.FieldCount).Select(i => Encoding.UTF8.GetString(r.Field(i))).ToArray()));
            }
        });
        return rows.SelectMany(l => l).ToList();
    }

    [Fact]
    public void Quoted_fields_keep_commas_doubled_quotes_and_newlines()
    {
        var rows = ReadAll("a,b\n\"x,1\",\"say \"\"hi\"\"\"\n\"two\nlines\",\"\"\nplain,last");
        Assert.Equal([(2L, new[] { "x,1", "say \"hi\"" }), (3L, new[] { "two\nlines", "" }), (5L, new[] { "plain", "last" })],
            rows.Select(r => (r.Line, r.Fields)));
    }

    [Fact]
    public void Crlf_line_ends_a_byte_order_mark_and_blank_lines_are_accepted()
    {
        using var dir = new TempFolder("possim-recon-");
        var path = dir.Sub("f.csv");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("a,b\r\n1,2\r\n\r\n\"3\",4\r\n")]);
        using var file = CsvFile.Open(path, "f.csv");
        Assert.Equal(["a", "b"], file.Header);
        Assert.Equal([(2L, new[] { "1", "2" }), (4L, new[] { "3", "4" })], ReadAll("a,b\r\n1,2\r\n\r\n\"3\",4\r\n").Select(r => (r.Line, r.Fields)));
    }

    [Fact]
    public void Reading_in_many_chunks_finds_the_same_records_and_lines_even_across_quoted_newlines()
    {
        var sb = new StringBuilder("id,text,n\n");
        var rng = new Random(7);
        for (var i = 0; i < 3000; i++)
        {
            sb.Append(i).Append(',').Append(rng.Next(5) switch
            {
                0 => "\"multi\nline, with \"\"quotes\"\"\"",
                1 => "\"\"",
                2 => "",
                _ => "plain" + i,
            }).Append(',').Append(i * 7).Append(rng.Next(3) == 0 ? "\r\n" : "\n");
            if (rng.Next(50) == 0)
            {
                sb.Append('\n');
            }
        }

        var text = sb.ToString();
        var whole = ReadAll(text);
        foreach (var parts in new[] { 2, 3, 7, 31 })
        {
            var chunked = ReadAll(text, new ReadOptions(parts, 0));
            Assert.Equal(whole.Count, chunked.Count);
            Assert.Equal(whole.Select(r => r.Line + "|" + string.Join('\u0001', r.Fields)), chunked.Select(r => r.Line + "|" + string.Join('\u0001', r.Fields)));
        }
    }

    [Fact]
    public void A_malformed_chunk_reports_the_first_error_in_file_order()
    {
        var sb = new StringBuilder("a,b\n");
        for (var i = 0; i < 500; i++)
        {
            sb.Append(i == 100 ? "x\"y,1\n" : i == 400 ? "\"open,1\n" : "p,q\n");
        }

        var e = Assert.Throws<ReconciliationInputException>(() => ReadAll(sb.ToString(), new ReadOptions(8, 0)));
        Assert.Equal((102L, 1), (e.Line, e.Column));
    }
}
