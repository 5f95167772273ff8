using PosSim.Reconciliation.Csv;
using PosSim.Reconciliation.Internal;
using Names = PosSim.Interchange.InterchangeFiles.Merchants;

namespace PosSim.Reconciliation.Inputs;

/// <summary>merchants.csv: fee rates and settlement delay per merchant, by interned merchant id.</summary>
internal sealed class MerchantTable
{
    public const int MaxSettleDays = 3_650;

    private MerchantTable()
    {
    }

    public IdTable Ids { get; } = new();

    public int[] CardBps { get; private set; } = [];

    public int[] QrBps { get; private set; } = [];

    public int[] SettleDays { get; private set; } = [];

    public int Count => Ids.Count;

    public string Name(int merchant) => merchant >= 0 ? Ids.String(merchant) : "";

    public static MerchantTable Read(CsvFile file)
    {
        var idCol = file.Column(Names.MerchantId);
        var cardCol = file.Column(Names.MdrCardBps);
        var qrCol = file.Column(Names.MdrQrBps);
        var daysCol = file.Column(Names.SettleDays);
        var table = new MerchantTable();
        var card = new List<int>();
        var qr = new List<int>();
        var days = new List<int>();
        var lines = new List<long>();
        var r = Cells.Sequential(file);
        while (r.MoveNext())
        {
            var id = Cells.Required(r, idCol, Names.MerchantId);
            var before = table.Ids.Count;
            var index = table.Ids.GetOrAdd(id);
            if (index < before)
            {
                throw r.Error(idCol, $"merchant_id {Fields.Show(id)} is listed twice (first on line {lines[index]})");
            }

            lines.Add(r.Line);
            card.Add(Bps(r, cardCol, "mdr_card_bps"));
            qr.Add(Bps(r, qrCol, "mdr_qr_bps"));
            var settle = Cells.Long(r, daysCol, Names.SettleDays);
            if (settle is < 0 or > MaxSettleDays)
            {
                throw r.Error(daysCol, $"settle_days {settle} is outside 0..{MaxSettleDays}");
            }

            days.Add((int)settle);
        }

        table.CardBps = [.. card];
        table.QrBps = [.. qr];
        table.SettleDays = [.. days];
        return table;
    }

    private static int Bps(CsvChunkReader r, int column, string name)
    {
        var value = Cells.Long(r, column, name);
        if (value is < 0 or > MerchantDiscount.MaxBps)
        {
            throw r.Error(column, $"{name} {value} is outside 0..{MerchantDiscount.MaxBps} basis points");
        }

        return (int)value;
    }
}
