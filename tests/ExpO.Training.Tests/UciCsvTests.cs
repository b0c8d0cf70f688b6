using ExpO.Training.Data;

namespace ExpO.Training.Tests;

public sealed class UciCsvTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("expo-csv-").FullName;
    const string Header = ",0,1,2,3,4,5,6,7,8,9,10,11";
    const string GoodRow = "0,0.05479,2.18,0.472,6.616,58.1,3.37,7,222,18.4,393.36,8.93,28.4";

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Write(params string[] lines)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    static string[] Good(int rows) => [Header, .. Enumerable.Repeat(GoodRow, rows)];

    [Fact]
    public void Reads_the_shipped_housing_file()
    {
        var data = UciCsv.LoadHousing(RepoFiles.HousingCsv);
        // data/README.md: 506 rows, 11 features, MEDV between 5 and 50 ($1000s).
        Assert.Equal(506, data.Rows);
        Assert.Equal(11, data.Dimensions);
        Assert.Equal(5.0, data.Targets.Min());
        Assert.Equal(50.0, data.Targets.Max());
        Assert.Equal(0.05479, data.Features[0][0]); // first row's CRIM; the index column is dropped
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var e = Assert.Throws<DataFileException>(() => UciCsv.LoadHousing(Path.Combine(_dir, "absent.csv")));
        Assert.Contains("absent.csv", e.Message);
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void A_wrong_column_count_names_the_line()
    {
        var lines = Good(10);
        lines[4] = "3,0.1,2.0";
        var e = Assert.Throws<DataFileException>(() => UciCsv.LoadHousing(Write(lines)));
        Assert.Contains(":5:", e.Message);
        Assert.Contains("3 columns; expected 13", e.Message);
    }

    [Fact]
    public void A_wrong_header_is_refused()
    {
        var e = Assert.Throws<DataFileException>(() => UciCsv.LoadHousing(Write([",0,1,2", .. Good(10)[1..]])));
        Assert.Contains(":1:", e.Message);
    }

    [Fact]
    public void A_non_numeric_cell_names_line_and_column()
    {
        var lines = Good(10);
        lines[3] = "2,0.05479,2.18,abc,6.616,58.1,3.37,7,222,18.4,393.36,8.93,28.4";
        var e = Assert.Throws<DataFileException>(() => UciCsv.LoadHousing(Write(lines)));
        Assert.Contains(":4:", e.Message);
        Assert.Contains("column 4 (NOX)", e.Message);
        Assert.Contains("'abc'", e.Message);
    }

    [Fact]
    public void NaN_is_refused()
    {
        var lines = Good(10);
        lines[2] = "1,0.05479,2.18,0.472,6.616,58.1,3.37,7,222,18.4,393.36,8.93,NaN";
        var e = Assert.Throws<DataFileException>(() => UciCsv.LoadHousing(Write(lines)));
        Assert.Contains("column 13 (MEDV)", e.Message);
        Assert.Contains("not a finite number", e.Message);
    }

    [Fact]
    public void Too_few_rows_or_an_empty_file_are_refused()
    {
        Assert.Contains("at least", Assert.Throws<DataFileException>(() => UciCsv.LoadHousing(Write(Good(3)))).Message);
        Assert.Contains("empty", Assert.Throws<DataFileException>(() => UciCsv.LoadHousing(Write())).Message);
    }
}
