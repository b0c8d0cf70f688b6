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

    [Theory]
    // Rows and features from the files themselves (wc -l less the header; columns less the index and the target),
    // which match the authors' loader's sizes once its index column is left out.
    [InlineData("autompgs", 392, 7)]
    [InlineData("communities", 1993, 102)]
    [InlineData("day", 731, 14)]
    [InlineData("housing", 506, 11)]
    [InlineData("music", 1059, 69)]
    [InlineData("winequality-red", 1599, 11)]
    public void Reads_each_shipped_dataset_in_its_shape(string name, int rows, int features)
    {
        var settings = UciDatasets.Find(name)!;
        var data = UciCsv.Load(Path.Combine(RepoFiles.Root, "data", settings.FileName), settings);
        Assert.Equal(rows, data.Rows);
        Assert.Equal(features, data.Dimensions);
        Assert.All(data.Features, row => Assert.All(row, v => Assert.True(double.IsFinite(v))));
        // A split of any of them keeps every feature: none is constant over a training half.
        Assert.Equal(features, DataSplit.Create(data, seed: 0).Train.Dimensions);
    }

    [Fact]
    public void The_bike_data_target_is_the_sum_of_two_of_its_inputs_as_data_README_says()
    {
        var data = UciCsv.Load(Path.Combine(RepoFiles.Root, "data", "day.csv"), UciDatasets.Day);
        int casual = UciDatasets.Day.FeatureNames.ToList().IndexOf("casual"), registered = UciDatasets.Day.FeatureNames.ToList().IndexOf("registered");
        Assert.All(Enumerable.Range(0, data.Rows), i => Assert.Equal(data.Targets[i], data.Features[i][casual] + data.Features[i][registered]));
    }

    [Fact]
    public void A_feature_constant_over_the_training_part_is_dropped_from_every_part()
    {
        var data = UciCsv.LoadHousing(RepoFiles.HousingCsv);
        var constant = new Dataset(data.FeatureNames, data.Features.Select(r => r.Select((v, j) => j == 2 ? 0.5 : v).ToArray()).ToArray(), data.Targets);
        var split = DataSplit.Create(constant, seed: 4);
        Assert.Equal(10, split.Train.Dimensions);
        Assert.Equal(10, split.Test.Dimensions);
        Assert.DoesNotContain("NOX", split.FeatureNames);
    }

    [Fact]
    public void A_dataset_file_with_another_shape_is_refused_with_its_expected_columns()
    {
        var e = Assert.Throws<DataFileException>(() => UciCsv.Load(RepoFiles.HousingCsv, UciDatasets.Autompgs));
        Assert.Contains("the header has 13 columns; expected 9 (index, 7 features, mpg)", e.Message);
    }

    [Fact]
    public void A_researchers_own_csv_takes_its_target_by_name_and_every_other_column_as_a_feature()
    {
        var rows = Enumerable.Range(0, 12).Select(i => $"{i},{2 * i},{i % 3},{10 - i}");
        var data = UciCsv.LoadWithTarget(Write(["acidity,sugar,\"quality\",alcohol", .. rows]), "quality");
        Assert.Equal(["acidity", "sugar", "alcohol"], data.FeatureNames);
        Assert.Equal([0.0, 0.0, 10.0], data.Features[0]);
        Assert.Equal([5.0, 10.0, 5.0], data.Features[5]);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (double)(i % 3)), data.Targets);

        var missing = Assert.Throws<DataFileException>(() => UciCsv.LoadWithTarget(Write(["a,b,c", .. rows.Select(r => r[..r.LastIndexOf(',')])]), "quality"));
        Assert.Contains("no column is named 'quality' (the columns: a, b, c)", missing.Message);
        var unnamed = Assert.Throws<DataFileException>(() => UciCsv.LoadWithTarget(Write([",sugar,quality,alcohol", .. rows]), "quality"));
        Assert.Contains("a column has no name", unnamed.Message);
        var bad = Assert.Throws<DataFileException>(() => UciCsv.LoadWithTarget(Write(["acidity,sugar,quality,alcohol", "1,2,x,4", .. rows]), "quality"));
        Assert.Contains(":2: column 3 (quality) is 'x'", bad.Message);
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
